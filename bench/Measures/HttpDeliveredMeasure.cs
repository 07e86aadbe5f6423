using System.Diagnostics;
using System.Net;
using System.Text;
using Dashboard.Events;

namespace Dashboard.Bench.Measures;

/// <summary>What (8) counted in its window.</summary>
public sealed record HttpDeliveredResult(double DeliveriesPerSecond, double AcceptedPerSecond, double ProcessCpuCores, long Undelivered, double DrainSeconds);

/// <summary>
/// (8) HTTP in → delivered: N concurrent loops on one <c>HttpClient</c> POST events over loopback to
/// <c>/api/v1/accounts/{id}/events</c>, each answered 202 before the next; every event goes to exactly one of 12 webhooks
/// (one per catalog event, as in (2)), which the dispatcher sends to the receiver and records. Deliveries per second =
/// rows added to <c>Attempts</c> during the window, as (2) counts them; afterwards the backlog must drain.
/// The app and the posting clients share this process (as in (7)), so its CPU is both.
/// </summary>
public static class HttpDeliveredMeasure
{
    public static async Task<HttpDeliveredResult> RunAsync(AppHost app, Uri receiverUrl, int concurrency, TimeSpan warmup, TimeSpan window,
        TimeSpan drainLimit, CancellationToken ct = default)
    {
        var accountId = await app.DemoAccountIdAsync(ct);
        var events = EventCatalog.All.Select(e => e.Name).ToArray();
        for (var i = 0; i < events.Length; i++)
            await AppSetup.CreateWebhookAsync(app, accountId, new Uri(receiverUrl, $"?webhook={i}"), events[i], ct);
        // One body per catalog event, serialised once: the measure is the app's work, not the client's.
        var bodies = events.Select((name, i) => Encoding.UTF8.GetBytes(Payloads.Message(i, name).ToJsonString())).ToArray();

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = app.Address };
        client.DefaultRequestHeaders.Add("api_access_token", AppHost.ApiToken);
        var path = $"/api/v1/accounts/{accountId}/events";
        await using var db = await AppSetup.OpenAsync(app, ct);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        long sequence = 0, accepted = 0;
        var measuring = false;
        async Task PostLoopAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref sequence);
                using var content = ClosedLoop.Json(bodies[n % bodies.Length]);
                using var response = await client.PostAsync(path, content, CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.Accepted)
                    throw new InvalidOperationException($"Ingestion answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                if (Volatile.Read(ref measuring)) Interlocked.Increment(ref accepted);
            }
        }

        var loops = Enumerable.Range(0, concurrency).Select(_ => Task.Run(PostLoopAsync, ct)).ToArray();
        await Warmup.RunAsync(warmup, ct);
        const string countAttempts = "SELECT COUNT(*) FROM Attempts";
        // As in (2): the window starts once a first delivery is recorded.
        var cold = Stopwatch.StartNew();
        while (await AppSetup.ScalarAsync(db, countAttempts, ct) == 0 && cold.Elapsed < drainLimit) await Task.Delay(50, ct);

        var attemptsBefore = await AppSetup.ScalarAsync(db, countAttempts, ct);
        var cpuBefore = ProcessFigures.CpuTime();
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, true);
        await Task.Delay(window, ct);
        var attemptsAfter = await AppSetup.ScalarAsync(db, countAttempts, ct);
        Volatile.Write(ref measuring, false);
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = (ProcessFigures.CpuTime() - cpuBefore).TotalSeconds;
        var acceptedInWindow = Interlocked.Read(ref accepted);
        stop.Cancel();
        await Task.WhenAll(loops);

        var (undelivered, drained) = await AppSetup.DrainAsync(db, drainLimit, ct);
        return new HttpDeliveredResult((attemptsAfter - attemptsBefore) / elapsed, acceptedInWindow / elapsed, cpu / elapsed, undelivered,
            drained.TotalSeconds);
    }
}
