using Dashboard.Components.Shared;
using Dashboard.Dispatch;

namespace Dashboard.Deliveries;

/// <summary>
/// A delivery's state in words, for the log and the detail page: a pending delivery that already failed is "Retrying",
/// with its place in the retry schedule (<see cref="RetryPolicy.MaxAttempts"/>, the schedule's one home) and when it goes next.
/// </summary>
public sealed record DeliveryState(string Label, string? Detail)
{
    public static DeliveryState Of(DeliveryStatus status, int attempts, DateTime? nextAttemptAt, int maxAttempts, DateTime now)
    {
        if (status != DeliveryStatus.Pending) return new(status.ToString(), null);
        var next = nextAttemptAt is { } at ? DisplayFormat.Relative(at, now) : null;
        // Past due: the dispatcher has it (or will within a sweep); "in -3 min" would read as a fault.
        var when = next is null ? null : nextAttemptAt <= now ? "due now" : next;
        if (attempts == 0) return new("Pending", when is null ? "first try not scheduled" : $"first try {when}");
        // Resends count as attempts too, so the count can pass the schedule's length; never show "11 of 10".
        var of = Math.Max(attempts, maxAttempts);
        return new("Retrying", $"attempt {attempts} of {of}" + (when is null ? "" : when == "due now" ? ", next due now" : $", next {when}"));
    }

    /// <summary>"Retrying — attempt 3 of 10, next in 25 min"; just the label when there is nothing to add.</summary>
    public string Text => Detail is null ? Label : $"{Label} — {Detail}";
}
