using System.Diagnostics;
using System.Text.Json;
using Dashboard.Events;

namespace Dashboard.Bench.Measures;

/// <summary>What (2) saw inside the app process.</summary>
public sealed record ThroughputResult(
    double DeliveriesPerSecond, double PublishedPerSecond, double PeakRssMb, double AppCpuCores,
    double PublishP50Ms, double PublishP99Ms, long Published, long Delivered, long Undelivered, double DrainSeconds,
    double WriterBusyFraction, double WriterMsPerDelivery, double WriterCpuMsPerDelivery, double WriterCommitMsPerDelivery,
    double PiecesPerTransaction, int JitCompiledInWindow);

/// <summary>
/// How one app instance takes part in (2): whether it sets the database up (webhooks, the experiment's dropped indexes), and
/// what it does at each mark: alone, nothing; as one of the parent's children, it tells the parent and, at
/// <see cref="Ready"/> and <see cref="Warm"/>, waits for the parent's word, so that several instances publish and measure together.
/// </summary>
public sealed record ThroughputPart(bool SetsUp, Func<string, CancellationToken, Task> ReachAsync)
{
    public const string Ready = "ready";
    public const string Warm = "warm";
    public const string WindowEnd = "window-end";

    public static ThroughputPart Alone { get; } = new(true, (_, _) => Task.CompletedTask);

    public static ThroughputPart Child(bool setsUp) => new(setsUp, async (mark, ct) =>
    {
        Console.WriteLine(ChildProtocol.MarkPrefix + mark);
        if (mark is Ready or Warm && await Console.In.ReadLineAsync(ct) is null)
            throw new InvalidOperationException("The parent went away.");
    });
}

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
        AppHost app, Uri receiverUrl, int publishers, TimeSpan warmup, TimeSpan window, TimeSpan drainLimit, ThroughputPart part,
        bool withoutLogIndexes = false, CancellationToken ct = default)
    {
        var accountId = await app.DemoAccountIdAsync(ct);
        // Fan-out of one: webhook i subscribes to catalog event i only, and events go round the catalog.
        var events = EventCatalog.All.Select(e => e.Name).ToArray();
        if (part.SetsUp)
        {
            if (withoutLogIndexes) await DropLogIndexesAsync(app, ct);
            for (var i = 0; i < events.Length; i++)
                await AppSetup.CreateWebhookAsync(app, accountId, new Uri(receiverUrl, $"?webhook={i}"), events[i], ct);
        }
        await part.ReachAsync(ThroughputPart.Ready, ct);
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
        await part.ReachAsync(ThroughputPart.Warm, ct);

        const string countAttempts = "SELECT COUNT(*) FROM Attempts";
        var attemptsBefore = await AppSetup.ScalarAsync(db, countAttempts, ct);
        var cpuBefore = ProcessFigures.CpuTime();
        var writer = app.Services.GetRequiredService<Dashboard.Data.DatabaseWriter>();
        var writerBefore = writer.Stats;
        var writerCpuBefore = ProcessFigures.ThreadCpuSeconds(WriterThread);
        var jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var stopwatch = Stopwatch.StartNew();
        Volatile.Write(ref measuring, true);
        await Task.Delay(window, ct);
        var attemptsAfter = await AppSetup.ScalarAsync(db, countAttempts, ct);
        Volatile.Write(ref measuring, false);
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var cpu = (ProcessFigures.CpuTime() - cpuBefore).TotalSeconds;
        var writerAfter = writer.Stats;
        var writerCpu = ProcessFigures.ThreadCpuSeconds(WriterThread) - writerCpuBefore;
        var jitInWindow = (int)(System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore);
        await part.ReachAsync(ThroughputPart.WindowEnd, ct);
        var publishedInWindow = Interlocked.Read(ref published);
        stop.Cancel();
        await Task.WhenAll(loops);

        // Everything accepted must still be delivered and recorded: wait for the backlog to drain (bounded).
        var (undelivered, drained) = await AppSetup.DrainAsync(db, drainLimit, ct);

        var calls = callMs.SelectMany(c => c).ToArray();
        var delivered = Math.Max(1, attemptsAfter - attemptsBefore); // the writer's figures per delivered event
        return new ThroughputResult(
            (attemptsAfter - attemptsBefore) / elapsed, publishedInWindow / elapsed, ProcessFigures.PeakRssMb(), cpu / elapsed,
            Stats.Percentile(calls, 50), Stats.Percentile(calls, 99), publishedInWindow, attemptsAfter - attemptsBefore,
            undelivered, drained.TotalSeconds,
            (writerAfter.Busy - writerBefore.Busy).TotalSeconds / elapsed,
            (writerAfter.Busy - writerBefore.Busy).TotalMilliseconds / delivered,
            writerCpu * 1000 / delivered,
            (writerAfter.Committing - writerBefore.Committing).TotalMilliseconds / delivered,
            (double)(writerAfter.Pieces - writerBefore.Pieces) / Math.Max(1, writerAfter.Transactions - writerBefore.Transactions),
            jitInWindow);
    }

    private static async Task DropLogIndexesAsync(AppHost app, CancellationToken ct)
    {
        await using var connection = await app.Database.OpenAsync(write: true, ct);
        await using var drop = connection.CreateCommand();
        drop.CommandText = string.Concat(LogIndexes.Select(index => $"DROP INDEX {IndexName(index, app.Database.Provider)};"));
        await drop.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The PostgreSQL migration names these indexes "IX_" and the lower-case rest, quoted (unquoted would fold the prefix too).</summary>
    private static string IndexName(string sqliteName, Dashboard.Data.DatabaseProvider provider) =>
        provider == Dashboard.Data.DatabaseProvider.Sqlite ? sqliteName : $"\"IX_{sqliteName[3..].ToLowerInvariant()}\"";

    /// <summary>
    /// Child-process entry: hosts the app on the parent's database, runs the measurement, prints the result as one JSON line.
    /// The first instance sets the database up; all wait for the parent's word before publishing and before the window.
    /// </summary>
    public static async Task<int> ChildMainAsync(Uri receiverUrl, int publishers, TimeSpan warmup, TimeSpan window, TimeSpan drainLimit,
        bool withoutLogIndexes, string databaseSpec, bool setsUp)
    {
        await using var app = await AppHost.StartAsync(BenchDatabase.Attach(databaseSpec), ownsDatabase: false);
        var result = await RunInAppAsync(app, receiverUrl, publishers, warmup, window, drainLimit, ThroughputPart.Child(setsUp),
            withoutLogIndexes);
        Console.WriteLine(ChildProtocol.ResultPrefix + JsonSerializer.Serialize(result));
        return 0;
    }
}
