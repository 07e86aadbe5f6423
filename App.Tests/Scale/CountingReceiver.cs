using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Scale;

/// <summary>
/// One webhook request: the webhook (its path), the delivery (<c>webhook-id</c>), the event (the body's <c>id</c>) and when
/// it came (since the receiver started).
/// </summary>
public sealed record Arrival(string Path, string WebhookId, long EventId, TimeSpan At);

/// <summary>
/// A real Kestrel receiver on 127.0.0.1, port 0, for tens of thousands of requests: it keeps only what the scale tests
/// check, optionally holds each request for a while, and tracks how many requests each path has in flight.
/// </summary>
public sealed class CountingReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeSpan _hold;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<(string Path, long EventId), int> _seen = new();
    private readonly ConcurrentDictionary<string, int> _inFlight = new();
    private readonly ConcurrentDictionary<string, int> _maxInFlight = new();

    private CountingReceiver(WebApplication app, TimeSpan hold) => (_app, _hold) = (app, hold);

    public ConcurrentQueue<Arrival> Arrivals { get; } = new();

    /// <summary>How many distinct (webhook, event) pairs arrived at least once.</summary>
    public int DistinctDeliveries => _seen.Count;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Time since the receiver started, the clock of <see cref="Arrival.At"/>.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public string Url(string path) => BaseUrl + path;

    /// <summary>The most requests to <paramref name="path"/> that were in flight at one moment.</summary>
    public int MaxInFlight(string path) => _maxInFlight.GetValueOrDefault(path);

    public bool Saw(string path, long eventId) => _seen.ContainsKey((path, eventId));

    public static async Task<CountingReceiver> StartAsync(TimeSpan? hold = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new CountingReceiver(app, hold ?? TimeSpan.Zero);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.BaseUrl = app.Urls.First().TrimEnd('/');
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var inFlight = _inFlight.AddOrUpdate(path, 1, (_, n) => n + 1);
        _maxInFlight.AddOrUpdate(path, inFlight, (_, max) => Math.Max(max, inFlight));
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var eventId = body.RootElement.GetProperty("id").GetInt64();
            Arrivals.Enqueue(new Arrival(path, context.Request.Headers["webhook-id"].ToString(), eventId, _clock.Elapsed));
            _seen.AddOrUpdate((path, eventId), 1, (_, n) => n + 1);
            if (_hold > TimeSpan.Zero) await Task.Delay(_hold, _stopping.Token);
        }
        finally
        {
            // Before the answer goes out: the sender's next request to this path can only start after it has the answer,
            // so a count taken here never overlaps two requests that the sender ran one after the other.
            _inFlight.AddOrUpdate(path, 0, (_, n) => n - 1);
        }
        context.Response.StatusCode = 200;
        await context.Response.WriteAsync("ok");
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
