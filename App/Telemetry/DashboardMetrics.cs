using System.Diagnostics.Metrics;
using Dashboard.Deliveries;

namespace Dashboard.Telemetry;

/// <summary>
/// The product's instruments, on one <see cref="Meter"/> named <see cref="Name"/>. Each is recorded in the one place its
/// rule lives (attempts where attempts are recorded, events where they are stored), and every label has a small fixed
/// set of values: no URLs, ids or free text, so a series count never grows with traffic.
/// </summary>
public sealed class DashboardMetrics
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "Dashboard";

    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _attemptDuration;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _disabled;
    private readonly Counter<long> _ingestion;

    public DashboardMetrics(IMeterFactory meters)
    {
        // From the factory, not static: each host (a test's app among several in one process) has its own meter and counts.
        Meter = meters.Create(Name);
        _attempts = Meter.CreateCounter<long>("dashboard.deliveries.attempts", "{attempt}",
            "HTTP tries of deliveries that were recorded, by outcome and trigger.");
        _attemptDuration = Meter.CreateHistogram<double>("dashboard.deliveries.attempt.duration", "s",
            "How long a try took, from the request to the end of the answer's captured body, by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30] });
        _accepted = Meter.CreateCounter<long>("dashboard.events.accepted", "{event}",
            "Events stored with their deliveries (idempotent replays not counted), by event name.");
        _retries = Meter.CreateCounter<long>("dashboard.deliveries.retries_scheduled", "{retry}",
            "Failed scheduled tries after which another try was planned.");
        _disabled = Meter.CreateCounter<long>("dashboard.webhooks.disabled", "{webhook}",
            "Webhooks disabled, by reason: gone (410), failing (too long) or admin.");
        _ingestion = Meter.CreateCounter<long>("dashboard.ingestion.answers", "{answer}",
            "Answers of the events API (POST …/events), by HTTP status code.");
    }

    public Meter Meter { get; }

    /// <summary>One recorded try (every trigger passes here, from the attempt writer).</summary>
    public void AttemptRecorded(AttemptTrigger trigger, int? responseStatus, AttemptError error, int durationMs, bool retryScheduled)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", Outcome(responseStatus, error));
        _attempts.Add(1, outcome, new KeyValuePair<string, object?>("trigger", Trigger(trigger)));
        _attemptDuration.Record(durationMs / 1000.0, outcome);
        if (retryScheduled) _retries.Add(1);
    }

    public void EventAccepted(string eventName) => _accepted.Add(1, new KeyValuePair<string, object?>("event", eventName));

    public void WebhookDisabled(DisableReason reason) => _disabled.Add(1, new KeyValuePair<string, object?>("reason", reason switch
    {
        DisableReason.Gone => "gone",
        DisableReason.Failing => "failing",
        _ => "admin",
    }));

    public void IngestionAnswered(int status) => _ingestion.Add(1, new KeyValuePair<string, object?>("status", status));

    /// <summary>The outcome label: success, the HTTP error class, or why there was no answer.</summary>
    public static string Outcome(int? responseStatus, AttemptError error) => responseStatus switch
    {
        >= 200 and < 300 => "success",
        >= 400 and < 500 => "http_4xx",
        >= 500 and < 600 => "http_5xx",
        not null => "http_other",
        null => error switch
        {
            AttemptError.Timeout => "timeout",
            AttemptError.ConnectionRefused => "connection_refused",
            AttemptError.ConnectionReset => "connection_reset",
            AttemptError.Dns => "dns",
            AttemptError.Tls => "tls",
            AttemptError.BlockedAddress => "blocked_address",
            _ => "error",
        },
    };

    private static string Trigger(AttemptTrigger trigger) => trigger switch
    {
        AttemptTrigger.Scheduled => "scheduled",
        AttemptTrigger.Resend => "resend",
        _ => "test",
    };
}

/// <summary>Why a webhook stopped receiving, as the <c>reason</c> label counts it.</summary>
public enum DisableReason { Gone, Failing, Admin }
