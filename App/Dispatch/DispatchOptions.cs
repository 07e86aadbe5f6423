using System.ComponentModel.DataAnnotations;

namespace Dashboard.Dispatch;

/// <summary>The dispatcher's knobs, bound from the <c>Dispatch</c> section and checked at start-up.</summary>
public sealed class DispatchOptions : IValidatableObject
{
    public const string Section = "Dispatch";

    /// <summary>Off: nothing is sent (e.g. tests of other features that only look at the rows).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Whole request: connect, send, headers and the captured part of the body.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Delay before try n+1 (the first entry is the first try). Standard Webhooks' example schedule.</summary>
    public List<TimeSpan> RetrySchedule { get; set; } = [];

    public static readonly IReadOnlyList<TimeSpan> StandardSchedule =
    [
        TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24),
    ];

    /// <summary>Each retry delay is spread by ± this fraction, so recovering receivers are not hit all at once.</summary>
    [Range(0.0, 0.9)]
    public double Jitter { get; set; } = 0.2;

    /// <summary>After a timeout or a 429 the receiver is struggling: wait at least this long.</summary>
    public TimeSpan MinDelayAfterOverload { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retry-After is honoured up to this multiple of the planned delay ...</summary>
    [Range(1.0, 100.0)]
    public double RetryAfterMaxFactor { get; set; } = 2.0;

    /// <summary>... and never beyond this, so a receiver cannot park a delivery for days.</summary>
    public TimeSpan RetryAfterCap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Sends in flight to one webhook. 16: a receiver on the Internet (behind a load balancer) handles that easily, and at
    /// ~10–20 ms per request over the Internet it allows ~1,000 deliveries/s to one webhook; 4 capped a busy webhook at a
    /// few hundred per second and built a backlog (benchmark, bench/RESULTS.md). Lower it per install for fragile receivers.
    /// </summary>
    [Range(1, 1000)]
    public int PerWebhookConcurrency { get; set; } = 16;

    /// <summary>
    /// Sends in flight in all. 256: a claim waits its turn at the one SQLite writer (a few ms under load), and slots must
    /// cover that wait; with 64 the bench's 12 webhooks got ~3,000 deliveries/s, with 192 ~5,300 (bench/where-the-time-goes.md).
    /// </summary>
    [Range(1, 10000)]
    public int GlobalConcurrency { get; set; } = 256;

    /// <summary>How long a claim is ours; must outlast a send. Null: timeout + 30 s.</summary>
    public TimeSpan? LeaseDuration { get; set; }

    public TimeSpan EffectiveLease => LeaseDuration ?? Timeout + TimeSpan.FromSeconds(30);

    /// <summary>How often due and abandoned work is looked for without a signal.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A webhook whose deliveries keep failing this long is disabled.</summary>
    public TimeSpan DisableAfterFailing { get; set; } = TimeSpan.FromDays(5);

    /// <summary>On a graceful stop, how long in-flight sends may finish before their leases are released.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The attempt writer hands at most this many results to the writer thread as one piece of work.</summary>
    [Range(1, 10000)]
    public int WriteBatchSize { get; set; } = 200;

    public IReadOnlyList<TimeSpan> Schedule => RetrySchedule.Count > 0 ? RetrySchedule : StandardSchedule;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(5))
            yield return new("Dispatch:Timeout must be between 0 and 5 minutes.", [nameof(Timeout)]);
        if (RetrySchedule.Any(d => d < TimeSpan.Zero))
            yield return new("Dispatch:RetrySchedule must not contain negative delays.", [nameof(RetrySchedule)]);
        if (MinDelayAfterOverload < TimeSpan.Zero || RetryAfterCap < TimeSpan.Zero || DisableAfterFailing <= TimeSpan.Zero)
            yield return new("Dispatch delays must not be negative.", [nameof(MinDelayAfterOverload)]);
        if (EffectiveLease <= Timeout)
            yield return new("Dispatch:LeaseDuration must be longer than Dispatch:Timeout.", [nameof(LeaseDuration)]);
        if (SweepInterval <= TimeSpan.Zero || ShutdownGrace < TimeSpan.Zero)
            yield return new("Dispatch:SweepInterval must be positive and Dispatch:ShutdownGrace not negative.", [nameof(SweepInterval)]);
    }
}
