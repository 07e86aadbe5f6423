using System.Diagnostics;
using Dashboard.Telemetry;
using Dashboard.Tests.Dispatch;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Dashboard.Tests.Telemetry;

/// <summary>
/// Spans of the real app, caught by an in-memory exporter: the ingestion request, the event, each try and its outgoing
/// HTTP request form one trace, which the receiver joins through <c>traceparent</c>.
/// </summary>
public sealed class TracingTests : IAsyncLifetime
{
    private readonly List<Activity> _spans = [];
    private TracedApp _app = null!;
    private TestReceiver _receiver = null!;

    public async ValueTask InitializeAsync()
    {
        _receiver = await TestReceiver.StartAsync();
        _app = new TracedApp(_spans);
    }

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task An_event_posted_over_http_and_its_tries_form_one_trace_that_the_receiver_joins()
    {
        var accountId = await _app.DemoAccountIdAsync();
        // The first try fails; the second comes a second later from the database (a claim, as after a restart or on
        // another instance), so it can only know the trace from what was stored with the event.
        _receiver.Script("/hook", Reply.Error(503), Reply.Ok());
        await _app.CreateWebhookAsync(accountId, _receiver.Url("/hook"), "message_created");
        // No propagator on the test's own client: the traceparent below is the caller's, sent as set.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = _app.ServerAddress };

        // The chat platform traces too: its request carries a traceparent, which the whole chain continues.
        var trace = ActivityTraceId.CreateRandom();
        var caller = ActivitySpanId.CreateRandom();
        using var post = ApiCalls.Request(HttpMethod.Post, $"/api/v1/accounts/{accountId}/events", DashboardFactory.AdminApiToken,
            """{"event":"message_created","id":1,"content":"Hi"}""");
        post.Headers.Add(WebhookSenderTraceParent, $"00-{trace}-{caller}-01");
        using var response = await client.SendAsync(post, TestContext.Current.CancellationToken);
        Assert.Equal(202, (int)response.StatusCode);
        await _receiver.WaitUntilAsync(r => r.Count == 2);

        // (The receiver runs in this process too: its server spans join the trace, one level further down.)
        var request = await WaitForSpanAsync(s => s.TraceId == trace && s.Kind == ActivityKind.Server && s.DisplayName.Contains("/events"));
        Assert.Equal(caller, request.ParentSpanId);
        var accepted = await WaitForSpanAsync(s => s.TraceId == trace && s.DisplayName == "event accepted");
        Assert.Equal(request.SpanId, accepted.ParentSpanId);
        Assert.Equal("message_created", accepted.GetTagItem("dashboard.event.name"));

        var tries = await WaitForSpansAsync(s => s.TraceId == trace && s.DisplayName == "webhook attempt", 2);
        Assert.All(tries, t => Assert.Equal(accepted.SpanId, t.ParentSpanId));
        Assert.Equal(["http_5xx", "success"], tries.OrderBy(t => t.StartTimeUtc).Select(t => (string)t.GetTagItem("dashboard.attempt.outcome")!));

        // Each try's outgoing request is its child, and is what the receiver saw as its parent.
        var outgoing = await WaitForSpansAsync(s => s.TraceId == trace && s.Kind == ActivityKind.Client && s.GetTagItem("url.full") is string url && url.EndsWith("/hook"), 2);
        Assert.Equal(tries.Select(t => t.SpanId.ToHexString()).Order(), outgoing.Select(o => o.ParentSpanId.ToHexString()).Order());
        var received = _receiver.To("/hook").Select(r => ActivityContext.Parse(r.Header(WebhookSenderTraceParent), null)).ToList();
        Assert.All(received, c => Assert.Equal(trace, c.TraceId));
        Assert.Equal(outgoing.Select(o => o.SpanId.ToHexString()).Order(), received.Select(c => c.SpanId.ToHexString()).Order());
        // The log shows each try's request as sent, HttpClient's traceparent included.
        // The writer records a try after its answer came back, so a moment after the receiver saw it.
        var recorded = await _app.WaitForAsync(db => db.Attempts.Select(a => a.RequestHeaders).ToListAsync(), r => r.Count == 2);
        Assert.Equal(_receiver.To("/hook").Select(r => $"{WebhookSenderTraceParent}: {r.Header(WebhookSenderTraceParent)}").Order(),
            recorded.Select(h => h.Split('\n').Single(l => l.StartsWith(WebhookSenderTraceParent + ":"))).Order());
    }

    [Fact]
    public async Task A_trace_its_caller_did_not_sample_costs_its_tries_no_span_and_still_reaches_the_receiver()
    {
        var accountId = await _app.DemoAccountIdAsync();
        await _app.CreateWebhookAsync(accountId, _receiver.Url("/hook"), "message_created");
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = _app.ServerAddress };
        var trace = ActivityTraceId.CreateRandom();
        // Every activity of this trace that is made at all, recorded or not (this listener asks for none itself).
        var made = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            ActivityStarted = a => { if (a.TraceId == trace) lock (made) made.Add($"{a.Source.Name}: {a.OperationName}"); },
        };
        ActivitySource.AddActivityListener(listener);

        // Flags 00: the caller did not sample it, so (parent-based, the default) neither does the app.
        using var post = ApiCalls.Request(HttpMethod.Post, $"/api/v1/accounts/{accountId}/events", DashboardFactory.AdminApiToken,
            """{"event":"message_created","id":3,"content":"Hi"}""");
        post.Headers.Add(WebhookSenderTraceParent, $"00-{trace}-{ActivitySpanId.CreateRandom()}-00");
        using var response = await client.SendAsync(post, TestContext.Current.CancellationToken);
        Assert.Equal(202, (int)response.StatusCode);
        await _receiver.WaitUntilAsync(r => r.Count == 1);

        var received = ActivityContext.Parse(_receiver.To("/hook")[0].Header(WebhookSenderTraceParent), null);
        Assert.Equal(trace, received.TraceId);
        Assert.Equal(ActivityTraceFlags.None, received.TraceFlags);
        lock (made)
        {
            Assert.DoesNotContain(made, m => m.EndsWith("webhook attempt") || m.Contains("System.Net.Http"));
            Assert.Contains(made, m => m.StartsWith("Microsoft.AspNetCore")); // the listener does see this trace's activities
        }
        lock (_spans) Assert.DoesNotContain(_spans, s => s.TraceId == trace && s.Recorded);
    }

    private const string WebhookSenderTraceParent = Dashboard.Dispatch.WebhookSender.TraceParentHeader;

    private async Task<Activity> WaitForSpanAsync(Func<Activity, bool> match) => (await WaitForSpansAsync(match, 1))[0];

    /// <summary>Spans end (and are exported) a moment after the work they time: waits until <paramref name="count"/> match.</summary>
    private async Task<List<Activity>> WaitForSpansAsync(Func<Activity, bool> match, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            List<Activity> found;
            lock (_spans) found = _spans.Where(match).ToList();
            if (found.Count >= count) return found;
            if (DateTime.UtcNow > deadline) { lock (_spans) throw new TimeoutException($"{found.Count} of {count} spans found among: " + string.Join("; ", _spans.Select(s => $"{s.Kind} {s.DisplayName} {s.TraceId} {s.ParentSpanId}"))); }
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The app with tracing on and an in-memory exporter beside whatever it configures itself.</summary>
    private sealed class TracedApp(List<Activity> spans) : DispatchFactory(settings: new Dictionary<string, string?>
    {
        ["Telemetry:Tracing"] = "true",
        ["Dispatch:RetrySchedule:0"] = "00:00:00",
        ["Dispatch:RetrySchedule:1"] = "00:00:01",
        ["Dispatch:Jitter"] = "0",
    })
    {
        protected override void ConfigureTestServices(IServiceCollection services) =>
            services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(new SynchronizedList(spans)));
    }

    /// <summary>The exporter adds from the threads that end spans; the test reads under the same lock.</summary>
    private sealed class SynchronizedList(List<Activity> inner) : ICollection<Activity>
    {
        public int Count { get { lock (inner) return inner.Count; } }
        public bool IsReadOnly => false;
        public void Add(Activity item) { lock (inner) inner.Add(item); }
        public void Clear() { lock (inner) inner.Clear(); }
        public bool Contains(Activity item) { lock (inner) return inner.Contains(item); }
        public void CopyTo(Activity[] array, int arrayIndex) { lock (inner) inner.CopyTo(array, arrayIndex); }
        public bool Remove(Activity item) { lock (inner) return inner.Remove(item); }
        public IEnumerator<Activity> GetEnumerator() { lock (inner) return inner.ToList().GetEnumerator(); }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>With tracing off (the default without a collector), the stored trace context still reaches the receiver.</summary>
public sealed class TraceContextWithoutTracingTests : AppWithReceiverTest
{
    [Fact]
    public async Task A_receiver_gets_the_traceparent_of_the_request_that_brought_the_event_in()
    {
        var accountId = await App.DemoAccountIdAsync();
        await App.Services.GetRequiredService<Dashboard.Webhooks.WebhookService>()
            .CreateAsync(accountId, new Dashboard.Webhooks.WebhookInput(Receiver.Url("/hook"), null, ["message_created"]), TestContext.Current.CancellationToken);
        var trace = ActivityTraceId.CreateRandom();
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = App.ServerAddress };
        using var post = ApiCalls.Request(HttpMethod.Post, $"/api/v1/accounts/{accountId}/events", DashboardFactory.AdminApiToken,
            """{"event":"message_created","id":2,"content":"Hi"}""");
        post.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await client.SendAsync(post, TestContext.Current.CancellationToken);
        Assert.Equal(202, (int)response.StatusCode);
        await Receiver.WaitUntilAsync(r => r.Count == 1);

        var sent = Receiver.To("/hook")[0].Header("traceparent");
        Assert.Equal(trace, ActivityContext.Parse(sent, null).TraceId);
        var attempt = await App.WaitForAsync(db => db.Attempts.SingleOrDefaultAsync(), a => a is not null);
        Assert.Contains($"traceparent: {sent}", attempt!.RequestHeaders.Split('\n'));
        await using var check = App.CreateDbContext();
        Assert.Contains(trace.ToHexString(), check.Events.Single().TraceParent);
    }
}
