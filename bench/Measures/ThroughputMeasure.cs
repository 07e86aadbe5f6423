using System.Diagnostics;
using System.Text.Json;
using Dashboard.Events;

namespace Dashboard.Bench.Measures;

/// <summary>What (2) saw inside the app process.</summary>
public sealed record ThroughputResult(
    double DeliveriesPerSecond, double PublishedPerSecond, double PeakRssMb, double AppCpuCores,
    double PublishP50Ms, double PublishP99Ms, long Published, long Delivered, long Undelivered, double DrainSeconds);

/// <summary>
/// (2) Events published through the in-process <see cref="IEventPublisher"/> as fast as it accepts them (N concurrent
/// publishers), each to one webhook; deliveries per second = attempts recorded in the database per second.
/// Runs inside the app's process (a child process in the full bench) so that process's peak RSS is (6).
/// </summary>
public static class ThroughputMeasure
{
    public static async Task<ThroughputResult> RunInAppAsync(
        AppHost app, Uri receiverUrl, int publishers, TimeSpan warmup, TimeSpan window, Action<string> mark, CancellationToken ct = default)
    {
        var accountId = await app.DemoAccountIdAsync(ct);
        await AppSetup.CreateWebhookAsync(app, accountId, receiverUrl, Payloads.EventName, ct);
        var publisher = app.Services.GetRequiredService<IEventPublisher>();
        await using var db = await AppSetup.OpenAsync(app, ct);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        long published = 0, sequence = 0;
        var measuring = false;
        var callMs = new List<double>[publishers];
        async Task PublishLoopAsync(int index)
        {
            callMs[index] = new List<double>(100_000);
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                await publisher.PublishAsync(accountId, Payloads.Message(Interlocked.Increment(ref sequence)), ct: CancellationToken.None);
                if (!Volatile.Read(ref measuring)) continue;
                Interlocked.Increment(ref published);
                callMs[index].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        var loops = Enumerable.Range(0, publishers).Select(i => Task.Run(() => PublishLoopAsync(i), ct)).ToArray();
        await Task.Delay(warmup, ct);

        const string countAttempts = "SELECT COUNT(*) FROM Attempts";
        var attemptsBefore = await AppSetup.ScalarAsync(db, countAttempts, ct);
        var cpuBefore = ProcessFigures.CpuTime();
        var stopwatch = Stopwatch.StartNew();
        Volatile.Write(ref measuring, true);
        mark("window-start");
        await Task.Delay(window, ct);
        var attemptsAfter = await AppSetup.ScalarAsync(db, countAttempts, ct);
        Volatile.Write(ref measuring, false);
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var cpu = (ProcessFigures.CpuTime() - cpuBefore).TotalSeconds;
        mark("window-end");
        var publishedInWindow = Interlocked.Read(ref published);
        stop.Cancel();
        await Task.WhenAll(loops);

        // Everything accepted must still be delivered and recorded: wait for the backlog to drain (bounded).
        var drain = Stopwatch.StartNew();
        long undelivered;
        while ((undelivered = await AppSetup.ScalarAsync(db, "SELECT (SELECT COUNT(*) FROM Deliveries) - (SELECT COUNT(*) FROM Attempts)", ct)) > 0
               && drain.Elapsed < TimeSpan.FromSeconds(30) + 3 * window)
            await Task.Delay(200, ct);

        var calls = callMs.SelectMany(c => c).ToArray();
        return new ThroughputResult(
            (attemptsAfter - attemptsBefore) / elapsed, publishedInWindow / elapsed, ProcessFigures.PeakRssMb(), cpu / elapsed,
            Stats.Percentile(calls, 50), Stats.Percentile(calls, 99), publishedInWindow, attemptsAfter - attemptsBefore,
            undelivered, drain.Elapsed.TotalSeconds);
    }

    /// <summary>Child-process entry: hosts the app, runs the measurement, prints the result as one JSON line.</summary>
    public static async Task<int> ChildMainAsync(Uri receiverUrl, int publishers, TimeSpan warmup, TimeSpan window)
    {
        await using var app = await AppHost.StartAsync();
        var result = await RunInAppAsync(app, receiverUrl, publishers, warmup, window, m => Console.WriteLine(ChildProtocol.MarkPrefix + m));
        Console.WriteLine(ChildProtocol.ResultPrefix + JsonSerializer.Serialize(result));
        return 0;
    }
}
