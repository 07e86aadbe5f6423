using Dashboard.Deliveries;
using Microsoft.Extensions.Options;

namespace Dashboard.Dispatch;

/// <summary>What happens to a delivery after one try.</summary>
/// <param name="DisableReason">Set when the answer asks us to stop sending to this webhook at all (410 Gone).</param>
public sealed record RetryDecision(DeliveryStatus Status, DateTime? NextAttemptAt, string? DisableReason = null);

/// <summary>The retry schedule with its special cases: 2xx ends it, 410 stops the webhook, timeouts and 429 slow down.</summary>
public sealed class RetryPolicy(IOptions<DispatchOptions> options)
{
    public const string GoneReason = "Receiver answered 410 Gone";

    /// <summary>How many scheduled tries a delivery gets in all (the first one included) before it ends as failed.</summary>
    public int MaxAttempts => options.Value.Schedule.Count;

    public RetryDecision Decide(int attemptsMade, SendOutcome outcome, DateTime now, Random random)
    {
        if (outcome.Succeeded || outcome.ResponseStatus == 410) return Once(outcome);
        return NextDelay(attemptsMade, outcome, random) is { } delay
            ? new(DeliveryStatus.Pending, now + delay)
            : new(DeliveryStatus.Failed, null);
    }

    /// <summary>A try made by hand (a resend, a test) is never retried: it ends as it went, and a 410 still stops the webhook.</summary>
    public static RetryDecision Once(SendOutcome outcome) =>
        outcome.Succeeded ? new(DeliveryStatus.Succeeded, null)
        : new(DeliveryStatus.Failed, null, outcome.ResponseStatus == 410 ? GoneReason : null);

    /// <summary>The wait before the next try after <paramref name="attemptsMade"/> tries, or null when the schedule is spent.</summary>
    public TimeSpan? NextDelay(int attemptsMade, SendOutcome outcome, Random random)
    {
        var o = options.Value;
        var schedule = o.Schedule;
        if (attemptsMade >= schedule.Count) return null;

        // Jitter spreads retries so a recovering receiver is not hit by everything that failed at once.
        var delay = schedule[attemptsMade] * (1 + (random.NextDouble() * 2 - 1) * o.Jitter);
        if (outcome.Error == AttemptError.Timeout || outcome.ResponseStatus == 429)
            delay = Max(delay, o.MinDelayAfterOverload);
        if (outcome.RetryAfter is { } asked)
        {
            // Honoured, but only between the planned delay and a bounded multiple of it: a receiver cannot park us forever.
            var upper = Max(delay, Min(delay * o.RetryAfterMaxFactor, o.RetryAfterCap));
            delay = asked < delay ? delay : asked > upper ? upper : asked;
        }
        return delay;
    }

    /// <summary>The reason shown to the admin when a webhook kept failing too long, e.g. "Failing for 5 days".</summary>
    public static string FailingReason(TimeSpan duration) =>
        duration.TotalDays >= 1 && duration.TotalDays % 1 == 0 ? $"Failing for {duration.TotalDays:0} day{(duration.TotalDays == 1 ? "" : "s")}"
        : duration.TotalHours >= 1 ? $"Failing for {duration.TotalHours:0.#} hours"
        : $"Failing for {duration.TotalMinutes:0.#} minutes";

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
