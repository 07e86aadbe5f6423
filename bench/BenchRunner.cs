using Dashboard.Bench.Measures;

namespace Dashboard.Bench;

/// <summary>Everything one bench invocation measured.</summary>
public sealed record BenchReport(
    IReadOnlyList<IReadOnlyList<Measurement>> Runs, IReadOnlyList<IReadOnlyList<Measurement>> Diagnostics,
    IReadOnlyList<string> Notes, MachineInfo Machine, TimeSpan Took);

/// <summary>Runs the measurements <see cref="BenchOptions.Runs"/> times; each run measures its own limit first.</summary>
public sealed class BenchRunner(BenchOptions options, TextWriter log)
{
    private readonly List<string> _notes = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly Dictionary<int, LogData> _logData = [];

    public async Task<BenchReport> RunAsync(CancellationToken ct = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var runs = new List<IReadOnlyList<Measurement>>();
        var diagnostics = new List<IReadOnlyList<Measurement>>();
        await using var receiver = await Receiver.StartAsync(ct);
        try
        {
            for (var run = 1; run <= options.Runs; run++)
            {
                log.WriteLine($"run {run}/{options.Runs}");
                var figures = new List<Measurement>();
                var diag = new List<Measurement>();
                await RunOnceAsync(receiver, figures, diag, ct);
                if (options.Includes("log")) await LogSpeedAsync(figures, diag, ct);
                runs.Add(figures);
                diagnostics.Add(diag);
            }
        }
        finally
        {
            foreach (var data in _logData.Values) await data.DisposeAsync();
        }
        return new BenchReport(runs, diagnostics, _notes, MachineInfo.Current(), clock.Elapsed);
    }

    private async Task RunOnceAsync(Receiver receiver, List<Measurement> figures, List<Measurement> diag, CancellationToken ct)
    {
        if (options.Includes("probe"))
        {
            var probe = await SqliteProbe.RunAsync(ct);
            diag.Add(new("SQLite: single-row commits/s, WAL + synchronous=FULL (the default: fsync per commit)", probe.FullCommitsPerSecond));
            diag.Add(new("SQLite: single-row commits/s, WAL + synchronous=NORMAL", probe.NormalCommitsPerSecond));
            diag.Add(new("SQLite: ms a writer waits behind a 20 ms write transaction (Microsoft.Data.Sqlite retry)", probe.WaitBehind20MsMs));
            diag.Add(new("SQLite: same with PRAGMA busy_timeout (SQLite's busy handler)", probe.WaitBehind20MsWithBusyTimeoutMs));
        }

        // The app-level probes start apps of their own: left out of tiny (smoke) runs unless asked for by name.
        if (options.Includes("publish") && (!options.IsTiny || options.Only.Contains("publish")))
        {
            await using var app = await AppHost.StartAsync(ct: ct);
            foreach (var (step, wallMs, cpuMs) in await PublishSteps.RunAsync(app, options.IsTiny ? 20 : 500, ct))
            {
                diag.Add(new($"EF Core way, step \"{step}\": wall ms", wallMs));
                diag.Add(new($"EF Core way, step \"{step}\": CPU ms", cpuMs));
            }
            var publish = await PublishProbe.RunAsync(app, options.Window, ct);
            diag.Add(new("publisher alone (1 caller, no webhook): events/s", publish.PublishesPerSecond));
            diag.Add(new("publisher alone: PublishAsync p50 (ms)", publish.P50Ms));
            diag.Add(new("publisher alone: PublishAsync p99 (ms)", publish.P99Ms));
            diag.Add(new("publisher alone: PRAGMA synchronous on its connection (2 = FULL, 1 = NORMAL)", publish.Synchronous));
            diag.Add(new("publisher alone: CPU ms per PublishAsync (one caller, so no group commit)", publish.CpuMsPerPublish));
        }

        if (options.Includes("claim") && (!options.IsTiny || options.Only.Contains("claim")))
            foreach (var (backlog, ms) in await ClaimProbe.RunAsync([0, options.LatencyRate * 2, options.LatencyRate * 20], receiver.Ok, ct))
                diag.Add(new($"claim: ms per claim while another webhook has {backlog:N0} pending deliveries", ms));

        double? limit = null, limitCpuMs = null;
        if (options.Includes("limit") || options.Includes("throughput"))
        {
            var (perSecond, cpuMs) = await LimitMeasure.RunAsync(receiver, options.Concurrency, options.Warmup, options.Window, ct);
            limit = perSecond;
            limitCpuMs = cpuMs;
            Report(figures, Figures.Limit, perSecond);
            diag.Add(new("1: CPU ms per request (HttpClient + receiver, one process)", cpuMs));
            diag.Add(new("1: cores busy (HttpClient + receiver)", cpuMs * perSecond / 1000));
        }

        if (options.Includes("ingestion"))
        {
            await using var app = await AppHost.StartAsync(ct: ct);
            var ingestion = await IngestionMeasure.RunAsync(app, options.Concurrency, options.Warmup, options.Window, ct);
            if (ingestion is { } rate) Report(figures, Figures.Ingestion, rate);
            else _notes.Add("7 Ingestion: the app has no `POST /api/v1/accounts/{id}/events` yet (404): not measured.");
        }

        if (options.Includes("throughput"))
        {
            var (result, receiverCpu) = options.ChildProcess
                ? await RunThroughputChildAsync(receiver, ct)
                : (await RunThroughputInProcessAsync(receiver, ct), double.NaN);
            Report(figures, Figures.Throughput, result.DeliveriesPerSecond);
            Report(figures, Figures.Published, result.PublishedPerSecond);
            if (limit is > 0) Report(figures, Figures.ThroughputRatio, result.DeliveriesPerSecond / limit.Value);
            Report(figures, Figures.Memory, result.PeakRssMb);
            diag.Add(new("2: app process CPU (cores busy)", result.AppCpuCores));
            if (result.DeliveriesPerSecond > 0)
                diag.Add(new("2: app CPU ms per delivered event (publish + claim + send + record)", result.AppCpuCores * 1000 / result.DeliveriesPerSecond));
            if (!double.IsNaN(receiverCpu)) diag.Add(new("2: receiver + bench process CPU (cores busy)", receiverCpu));
            if (!double.IsNaN(receiverCpu) && limitCpuMs is > 0 && result.DeliveriesPerSecond > 0)
            {
                // Both measures share the same cores: whatever share of the machine they get, 2 ÷ 1 cannot pass the ratio of
                // their CPU costs per request and per delivery (the delivery includes a request like 1's, and its receiver).
                var deliveryCpuMs = (result.AppCpuCores + receiverCpu) * 1000 / result.DeliveriesPerSecond;
                diag.Add(new("2: cores busy, app + receiver (compare 1's)", result.AppCpuCores + receiverCpu));
                diag.Add(new("2: CPU ms per delivery, app + receiver (compare 1's CPU ms per request)", deliveryCpuMs));
                diag.Add(new("2: ceiling of 2 ÷ 1 set by CPU: 1's CPU ms per request ÷ CPU ms per delivery", limitCpuMs.Value / deliveryCpuMs));
            }
            diag.Add(new($"2: IEventPublisher.PublishAsync p50 (ms, {options.Publishers} concurrent)", result.PublishP50Ms));
            diag.Add(new($"2: IEventPublisher.PublishAsync p99 (ms, {options.Publishers} concurrent)", result.PublishP99Ms));
            diag.Add(new("2: writer thread busy (fraction of the window)", result.WriterBusyFraction));
            diag.Add(new("2: writer thread ms per delivered event (its serial cost: 1 ÷ this = its ceiling)", result.WriterMsPerDelivery));
            diag.Add(new("2: … of which on a CPU (the rest: waiting for a core, or blocked in a checkpoint's fsync)", result.WriterCpuMsPerDelivery));
            diag.Add(new("2: pieces of work per SQLite transaction (group commit)", result.PiecesPerTransaction));
            diag.Add(new("2: methods JIT-compiled during the window (0 = steady state)", result.JitCompiledInWindow));
            diag.Add(new("2: backlog at window end (events accepted − attempts recorded)", result.Published - result.Delivered));
            diag.Add(new("2: seconds to drain the backlog after the window", result.DrainSeconds));
            if (result.Undelivered > 0)
                _notes.Add($"2 Throughput: {result.Undelivered} accepted deliveries still had no recorded attempt {result.DrainSeconds:0} s after the window.");
            if (options.WithoutLogIndexes)
                _notes.Add("EXPERIMENT (--without-log-indexes): 2 ran with the log's and the stats' indexes dropped " +
                           $"({string.Join(", ", ThroughputMeasure.LogIndexes)}); the log pages would scan without them. Not the app as shipped.");
            if (!options.ChildProcess)
                _notes.Add("6 Memory: measured in-process (--in-process): the peak RSS includes the receiver and the bench itself.");
        }

        if (options.Includes("fanout"))
        {
            var fanOut = await FanOutMeasure.RunAsync(receiver.Ok, options.FanOut, ct);
            Report(figures, Figures.FanOutPeak, fanOut.PeakRssMb);
            Report(figures, Figures.FanOutSettled, fanOut.SettledRssMb);
            diag.Add(new("8: RSS of the app process before the fan-out (MB, webhooks created, after a GC)", fanOut.BaselineRssMb));
            diag.Add(new($"8: attempts recorded (expected {options.FanOut.Deliveries:N0})", fanOut.Deliveries));
            diag.Add(new("8: seconds from the first publish to the last attempt", fanOut.Seconds));
        }

        if (options.Includes("latency") || options.Includes("isolation"))
        {
            double? baseline;
            {
                var latency = await LatencyAsync(receiver, hangingRate: 0, ct);
                Report(figures, Figures.LatencyP50, latency.P50Ms);
                Report(figures, Figures.LatencyP99, latency.P99Ms);
                AddLatencyDiagnostics(diag, "3", latency);
                baseline = latency.P99Ms;
            }
            if (options.Includes("isolation"))
            {
                var isolation = await LatencyAsync(receiver, options.HangingRate, ct);
                Report(figures, Figures.IsolationP50, isolation.P50Ms);
                Report(figures, Figures.IsolationP99, isolation.P99Ms);
                if (baseline is > 0) Report(figures, Figures.IsolationRatio, isolation.P99Ms / baseline.Value);
                AddLatencyDiagnostics(diag, "4", isolation);
            }
        }
    }

    private async Task<LatencyResult> LatencyAsync(Receiver receiver, int hangingRate, CancellationToken ct)
    {
        await using var app = await AppHost.StartAsync(ct: ct);
        return await LatencyMeasure.RunAsync(app, receiver, options.LatencyRate, hangingRate, options.Warmup, options.LatencyWindow, options.Drain, ct);
    }

    private static void AddLatencyDiagnostics(List<Measurement> diag, string measure, LatencyResult result)
    {
        diag.Add(new($"{measure}: achieved publish rate (events/s)", result.AchievedRate));
        diag.Add(new($"{measure}: max latency (ms)", result.MaxMs));
        diag.Add(new($"{measure}: deliveries never attempted", result.Missing));
        diag.Add(new($"{measure}: publish errors", result.PublishErrors));
    }

    private async Task<(ThroughputResult, double)> RunThroughputChildAsync(Receiver receiver, CancellationToken ct)
    {
        var child = await ChildProtocol.RunThroughputAsync(receiver.Ok, options, ct);
        return (child.Result, child.ReceiverCpuCores);
    }

    private async Task<ThroughputResult> RunThroughputInProcessAsync(Receiver receiver, CancellationToken ct)
    {
        await using var app = await AppHost.StartAsync(ct: ct);
        return await ThroughputMeasure.RunInAppAsync(app, receiver.Ok, options.Publishers, options.Warmup, options.Window, options.Drain, _ => { }, options.WithoutLogIndexes, ct);
    }

    /// <summary>Two log files, one per size, generated once (first run) and queried on every run.</summary>
    private async Task LogSpeedAsync(List<Measurement> figures, List<Measurement> diag, CancellationToken ct)
    {
        foreach (var (size, first, deep) in new[]
                 {
                     (options.LogSmall, Figures.LogFirstSmall, Figures.LogDeepSmall),
                     (options.LogLarge, Figures.LogFirstLarge, Figures.LogDeepLarge),
                 })
        {
            if (!_logData.TryGetValue(size, out var data))
            {
                log.WriteLine($"  generating a delivery log of {size:N0} attempts…");
                data = await LogData.CreateAsync(ct);
                _logData[size] = data;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                await data.GrowToAsync(size, ct);
                diag.Add(new($"5: attempts generated per second (raw inserts, {size:N0})", data.Attempts / clock.Elapsed.TotalSeconds));
            }
            var result = await LogSpeedMeasure.RunAsync(data, options.LogQueryRepeats, ct);
            Report(figures, first, result.FirstPageMs);
            Report(figures, deep, result.DeepPageMs);
            diag.Add(new($"5: first page as bare keyset SQL, {Figures.Size(size)} (ms)", result.RawFirstPageMs));
            diag.Add(new($"5: … deep page as bare keyset SQL, {Figures.Size(size)} (ms)", result.RawDeepPageMs));
            // Tiny logs (smoke runs) hold fewer than a page of failed deliveries behind the deep cursor.
            if (size >= 50_000 && (result.FirstRows < LogSpeedMeasure.PageSize || result.DeepRows < LogSpeedMeasure.PageSize))
                _notes.Add($"5 Log speed: a page at {size:N0} returned fewer than {LogSpeedMeasure.PageSize} rows ({result.FirstRows}/{result.DeepRows}).");
        }
    }

    private void Report(List<Measurement> figures, string key, double value)
    {
        figures.Add(new Measurement(key, value));
        var spec = Figures.Find(key);
        log.WriteLine($"  [{_clock.Elapsed.TotalSeconds,6:0.0}s] {Figures.LabelFor(spec, options)}: {value:0.##} {spec.Unit}");
    }
}
