using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Infrastructure;

/// <summary>How the receiver answers one request.</summary>
public sealed record Reply(int Status = 200, string? Body = null, string? ContentType = null,
    IReadOnlyDictionary<string, string>? Headers = null, bool Hang = false, bool Reset = false, byte[]? BinaryBody = null, TimeSpan? Delay = null,
    Task? Until = null)
{
    /// <summary>200, once <paramref name="gate"/> completes: the sender stays in flight exactly as long as a test needs.</summary>
    public static Reply OkWhen(Task gate) => new(200, "ok", "text/plain", Until: gate);

    public static Reply Ok(string body = "ok") => new(200, body, "text/plain");
    public static Reply Error(int status = 500, string body = "boom") => new(status, body, "text/plain");
    public static Reply Gone() => new(410, "gone", "text/plain");
    public static Reply TooMany(string retryAfter) => new(429, "slow down", "text/plain", new Dictionary<string, string> { ["Retry-After"] = retryAfter });
    public static Reply Hanging() => new(Hang: true);
    public static Reply ResetConnection() => new(Reset: true);
}

/// <summary>One request as the receiver saw it; <paramref name="RawBody"/> holds its bytes as they arrived.</summary>
public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset ReceivedAt, byte[] RawBody)
{
    public string Header(string name) => Headers.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"No header {name}.");
}

/// <summary>
/// A real Kestrel receiver on 127.0.0.1, port 0. Per path it plays a script of replies (the last one repeats),
/// and records every request (also those it then hangs on or resets).
/// </summary>
public sealed class TestReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Reply>> _scripts = new();
    private readonly ConcurrentDictionary<string, Reply> _last = new();
    private readonly CancellationTokenSource _stopping = new();

    private TestReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public int Port => new Uri(BaseUrl).Port;

    public string Url(string path) => BaseUrl + path;

    public static async Task<TestReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new TestReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.BaseUrl = app.Urls.First().TrimEnd('/');
        return receiver;
    }

    /// <summary>Replies for requests to <paramref name="path"/>, in order; the last one keeps answering.</summary>
    public TestReceiver Script(string path, params Reply[] replies)
    {
        _scripts[path] = new ConcurrentQueue<Reply>(replies);
        _last[path] = replies[^1];
        return this;
    }

    public IReadOnlyList<ReceivedRequest> To(string path) => Requests.Where(r => r.Path == path).ToList();

    /// <summary>Waits (real time) until <paramref name="condition"/> holds for the recorded requests.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyCollection<ReceivedRequest>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition(Requests))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The receiver's condition did not hold; {Requests.Count} requests seen.");
            await Task.Delay(10);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        using var bytes = new MemoryStream();
        await context.Request.Body.CopyToAsync(bytes, context.RequestAborted);
        var raw = bytes.ToArray();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new ReceivedRequest(path, headers, System.Text.Encoding.UTF8.GetString(raw), DateTimeOffset.UtcNow, raw));

        var reply = _scripts.TryGetValue(path, out var queue) && queue.TryDequeue(out var next) ? next
            : _last.TryGetValue(path, out var last) ? last : Reply.Ok();
        if (reply.Delay is { } delay) await Task.Delay(delay, _stopping.Token);
        if (reply.Until is { } gate) await gate.WaitAsync(_stopping.Token);
        if (reply.Reset)
        {
            context.Abort();
            return;
        }
        if (reply.Hang)
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try { await Task.Delay(Timeout.Infinite, both.Token); } catch (OperationCanceledException) { }
            context.Abort();
            return;
        }
        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>()) context.Response.Headers[name] = value;
        if (reply.ContentType is not null) context.Response.ContentType = reply.ContentType;
        if (reply.BinaryBody is not null) await context.Response.Body.WriteAsync(reply.BinaryBody);
        else if (reply.Body is not null) await context.Response.WriteAsync(reply.Body);
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
