using System.Diagnostics;
using System.Text.Json;
using Dashboard.Events;

namespace Dashboard.Bench.Measures;

/// <summary>What (2) saw inside the app process.</summary>
public sealed record ThroughputResult(
    double DeliveriesPerSecond, double PublishedPerSecond, double PeakRssMb, double AppCpuCores,
    double PublishP50Ms, double PublishP99Ms, long Published, long Delivered, long Undelivered, double DrainSeconds,
    double WriterBusyFraction, double WriterMsPerDelivery, double WriterCpuMsPerDelivery, double PiecesPerTransaction, int JitCompiledInWindow);

/// <summary>
/// (2) Events published through the in-process <see cref="IEventPublisher"/> as fast as it accepts them (N concurrent
/// publishers), each to exactly one webhook (12 webhooks, one per catalog event, so the per-webhook cap is not the
/// bottleneck); deliveries per second = attempts recorded in the database per second.
/// Runs inside the app's process (a child process in the full bench) so that process's peak RSS is (6).
/// </summary>
public static class ThroughputMeasure
{
    private const string WriterThread = "Database writer";

    /// <summary>
    /// The secondary indexes written per delivery for the delivery log and the webhook stats (not for claiming or sending).
    /// Dropped only by the <c>--without-log-indexes</c> experiment.
    /// </summary>
    public static readonly string[] LogIndexes =
    [
        "IX_Deliveries_AccountId_Status_Id", "IX_Deliveries_WebhookId_Status_Id", "IX_Deliveries_EventId",
        "IX_Attempts_DeliveryId_Number", "IX_Attempts_StartedAt",
    ];

    public static async Task<ThroughputResult> RunInAppAsync(
        AppHost app, Uri receiverUrl, int publishers, TimeSpan warmup, TimeSpan window, TimeSpan drainLimit, Action<string> mark,
        bool withoutLogIndexes = false, CancellationToken ct = default)
    {
        if (withoutLogIndexes) await DropLogIndexesAsync(app, ct);
        var accountId = await app.DemoAccountIdAsync(ct);
        // Fan-out of one: webhook i subscribes to catalog event i only, and events go round the catalog.
        var events = EventCatalog.All.Select(e => e.Name).ToArray();
        for (var i = 0; i < events.Length; i++)
            await AppSetup.CreateWebhookAsync(app, accountId, new Uri(receiverUrl, $"?webhook={i}"), events[i], ct);
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
                var n = Interlocked.Increment(ref sequence);
                await publisher.PublishAsync(accountId, Payloads.Message(n, events[n % events.Length]), ct: CancellationToken.None);
                if (!Volatile.Read(ref measuring)) continue;
                Interlocked.Increment(ref published);
                callMs[index].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        var loops = Enumerable.Range(0, publishers).Select(i => Task.Run(() => PublishLoopAsync(i), ct)).ToArray();
        await Warmup.RunAsync(warmup, ct);
        // A cold process may need longer than the warm-up for its first delivery: the window starts once one is recorded.
        var cold = Stopwatch.StartNew();
        while (await AppSetup.ScalarAsync(db, "SELECT COUNT(*) FROM Attempts", ct) == 0 && cold.Elapsed < drainLimit)
            await Task.Delay(50, ct);

        const string countAttempts = "SELECT COUNT(*) FROM Attempts";
        var attemptsBefore = await AppSetup.ScalarAsync(db, countAttempts, ct);
        var cpuBefore = ProcessFigures.CpuTime();
        var writer = app.Services.GetRequiredService<Dashboard.Data.DatabaseWriter>();
        var writerBefore = writer.Stats;
        var writerCpuBefore = ProcessFigures.ThreadCpuSeconds(WriterThread);
        var jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var stopwatch = Stopwatch.StartNew();
        Volatile.Write(ref measuring, true);
        mark("window-start");
        await Task.Delay(window, ct);
        var attemptsAfter = await AppSetup.ScalarAsync(db, countAttempts, ct);
        Volatile.Write(ref measuring, false);
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var cpu = (ProcessFigures.CpuTime() - cpuBefore).TotalSeconds;
        var writerAfter = writer.Stats;
        var writerCpu = ProcessFigures.ThreadCpuSeconds(WriterThread) - writerCpuBefore;
        var jitInWindow = (int)(System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore);
        mark("window-end");
        var publishedInWindow = Interlocked.Read(ref published);
        stop.Cancel();
        await Task.WhenAll(loops);

        // Everything accepted must still be delivered and recorded: wait for the backlog to drain (bounded).
        var drain = Stopwatch.StartNew();
        long undelivered;
        while ((undelivered = await AppSetup.ScalarAsync(db, "SELECT (SELECT COUNT(*) FROM Deliveries) - (SELECT COUNT(*) FROM Attempts)", ct)) > 0
               && drain.Elapsed < drainLimit)
            await Task.Delay(200, ct);

        var calls = callMs.SelectMany(c => c).ToArray();
        return new ThroughputResult(
            (attemptsAfter - attemptsBefore) / elapsed, publishedInWindow / elapsed, ProcessFigures.PeakRssMb(), cpu / elapsed,
            Stats.Percentile(calls, 50), Stats.Percentile(calls, 99), publishedInWindow, attemptsAfter - attemptsBefore,
            undelivered, drain.Elapsed.TotalSeconds,
            (writerAfter.Busy - writerBefore.Busy).TotalSeconds / elapsed,
            (writerAfter.Busy - writerBefore.Busy).TotalMilliseconds / Math.Max(1, attemptsAfter - attemptsBefore),
            writerCpu * 1000 / Math.Max(1, attemptsAfter - attemptsBefore),
            (double)(writerAfter.Pieces - writerBefore.Pieces) / Math.Max(1, writerAfter.Transactions - writerBefore.Transactions),
            jitInWindow);
    }

    private static async Task DropLogIndexesAsync(AppHost app, CancellationToken ct)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(
            new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = app.DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        await using var drop = connection.CreateCommand();
        drop.CommandText = string.Concat(LogIndexes.Select(index => $"DROP INDEX {index};"));
        await drop.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Child-process entry: hosts the app, runs the measurement, prints the result as one JSON line.</summary>
    public static async Task<int> ChildMainAsync(Uri receiverUrl, int publishers, TimeSpan warmup, TimeSpan window, TimeSpan drainLimit,
        bool withoutLogIndexes)
    {
        await using var app = await AppHost.StartAsync();
        var result = await RunInAppAsync(app, receiverUrl, publishers, warmup, window, drainLimit, m => Console.WriteLine(ChildProtocol.MarkPrefix + m),
            withoutLogIndexes);
        Console.WriteLine(ChildProtocol.ResultPrefix + JsonSerializer.Serialize(result));
        return 0;
    }
}
