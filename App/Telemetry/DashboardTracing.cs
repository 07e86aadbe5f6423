using System.Diagnostics;
using OpenTelemetry;

namespace Dashboard.Telemetry;

/// <summary>
/// The product's own spans: an accepted event, and each try of each of its deliveries. The event's trace context is
/// stored with the event (<c>Events.TraceParent</c>), so a try made minutes later, after a restart or on another
/// instance still joins the trace of the request that brought the event in.
/// </summary>
public static class DashboardTracing
{
    public static readonly ActivitySource Source = new(DashboardMetrics.Name);

    /// <summary>
    /// The span of an event being stored, a child of the current request's. Null when nobody listens; the trace context to
    /// store is then the request's own (<see cref="TraceParentOf"/>), which ASP.NET Core keeps for logging anyway.
    /// </summary>
    public static Activity? StartEvent(string eventName, int accountId)
    {
        var activity = Source.StartActivity("event accepted", ActivityKind.Producer);
        activity?.SetTag("dashboard.event.name", eventName);
        activity?.SetTag("dashboard.account.id", accountId);
        return activity;
    }

    /// <summary>The W3C <c>traceparent</c> of <paramref name="activity"/> (or the current one), or null outside a W3C trace.</summary>
    public static string? TraceParentOf(Activity? activity) =>
        (activity ?? Activity.Current) is { IdFormat: ActivityIdFormat.W3C } a ? a.Id : null;

    /// <summary>
    /// The span of one try, a child of the stored event's context (or a new trace when there is none, as for a test-fire),
    /// never of whatever activity the caller's thread happens to carry. A try of a trace the sampler dropped (the stored
    /// context's flags say so) gets no span, and its HTTP request none either: the SDK would still make both, unrecorded,
    /// to carry the context, and that was most of what tracing cost per delivery (bench/telemetry-overhead.md). The
    /// request then carries the stored context itself (the sender adds it when no span is current).
    /// </summary>
    public static AttemptSpan StartAttempt(string? traceParent, Guid deliveryId, int webhookId)
    {
        Activity.Current = null; // this async flow only: the caller's own activity is left as it was
        if (!Source.HasListeners()) return default;
        var parent = ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;
        if (parent != default && (parent.TraceFlags & ActivityTraceFlags.Recorded) == 0)
            return new AttemptSpan(null, SuppressInstrumentationScope.Begin());
        var activity = Source.StartActivity("webhook attempt", ActivityKind.Internal, parent);
        activity?.SetTag("dashboard.delivery.id", deliveryId.ToString());
        activity?.SetTag("dashboard.webhook.id", webhookId);
        return new AttemptSpan(activity, null);
    }

    /// <summary>A try's span (null when not traced), and the instrumentation kept quiet for an unsampled trace; both end with it.</summary>
    public readonly struct AttemptSpan(Activity? activity, IDisposable? quiet) : IDisposable
    {
        public Activity? Activity => activity;

        public void Dispose()
        {
            activity?.Dispose();
            quiet?.Dispose();
        }
    }

    /// <summary>The answer of a try on its span: the HTTP status or why there was none.</summary>
    public static void AttemptEnded(Activity? activity, int? status, string outcome)
    {
        if (activity is null) return;
        if (status is { } s) activity.SetTag("http.response.status_code", s);
        activity.SetTag("dashboard.attempt.outcome", outcome);
        if (outcome != "success") activity.SetStatus(ActivityStatusCode.Error, outcome);
    }
}
