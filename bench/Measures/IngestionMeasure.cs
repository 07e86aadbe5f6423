using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Dashboard.Bench.Measures;

/// <summary>
/// (7) <c>POST /api/v1/accounts/{id}/events</c> over loopback: 202s per second, from one HttpClient with N concurrent loops.
/// No webhook is subscribed, so this is ingestion alone (token check, JSON, the outbox transaction).
/// </summary>
public static class IngestionMeasure
{
    /// <summary>Accepted events per second, or null when the app has no ingestion endpoint (yet).</summary>
    public static async Task<double?> RunAsync(AppHost app, int concurrency, TimeSpan warmup, TimeSpan window, CancellationToken ct = default)
    {
        var accountId = await app.DemoAccountIdAsync(ct);
        using var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = app.Address };
        client.DefaultRequestHeaders.Add("api_access_token", AppHost.ApiToken);
        var path = $"/api/v1/accounts/{accountId}/events";
        var payload = Payloads.MessageBytes;

        using (var probe = Content(payload))
        using (var first = await client.PostAsync(path, probe, ct))
        {
            // Before the ingestion API exists, the POST falls through to the pages (404/405, or 400 from antiforgery).
            if (first.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.BadRequest
                && first.Content.Headers.ContentType?.MediaType != "application/json")
                return null;
            if (first.StatusCode != HttpStatusCode.Accepted)
                throw new InvalidOperationException($"Ingestion answered {(int)first.StatusCode}: {await first.Content.ReadAsStringAsync(ct)}");
        }

        long accepted = 0;
        var measuring = false;
        var running = true; // until the window ends; the warm-up may run on until the JIT settles
        var stopwatch = Stopwatch.StartNew();
        async Task LoopAsync()
        {
            while (Volatile.Read(ref running) && !ct.IsCancellationRequested)
            {
                using var content = Content(payload);
                using var response = await client.PostAsync(path, content, ct);
                if (response.StatusCode != HttpStatusCode.Accepted)
                    throw new InvalidOperationException($"Ingestion answered {(int)response.StatusCode}.");
                if (Volatile.Read(ref measuring)) Interlocked.Increment(ref accepted);
            }
        }

        var loops = Enumerable.Range(0, concurrency).Select(_ => Task.Run(LoopAsync, ct)).ToArray();
        await Warmup.RunAsync(warmup, ct);
        var start = stopwatch.Elapsed;
        Volatile.Write(ref measuring, true);
        await Task.Delay(window, ct);
        Volatile.Write(ref measuring, false);
        Volatile.Write(ref running, false);
        var elapsed = stopwatch.Elapsed - start;
        var count = Interlocked.Read(ref accepted);
        await Task.WhenAll(loops);
        return count / elapsed.TotalSeconds;
    }

    private static ByteArrayContent Content(byte[] payload)
    {
        var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
