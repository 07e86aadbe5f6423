using Dashboard.Bench.Measures;
using Dashboard.Data;

namespace Dashboard.Bench;

/// <summary>Everything one bench invocation measured; <paramref name="Databases"/> describes the database servers it started.</summary>
public sealed record BenchReport(
    IReadOnlyList<IReadOnlyList<Measurement>> Runs, IReadOnlyList<IReadOnlyList<Measurement>> Diagnostics,
    IReadOnlyList<string> Notes, MachineInfo Machine, TimeSpan Took, IReadOnlyList<string> Databases);

/// <summary>
/// Runs the measurements <see cref="BenchOptions.Runs"/> times, each run on every provider asked for in turn (SQLite, then
/// PostgreSQL on a server the bench starts); each run measures its own limit on each provider first.
/// </summary>
public sealed partial class BenchRunner(BenchOptions options, TextWriter log)
{
    private readonly List<string> _notes = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly Dictionary<(string, int), LogData> _logData = [];
    private BenchTarget _target = BenchTarget.Sqlite;

    public async Task<BenchReport> RunAsync(CancellationToken ct = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var runs = new List<IReadOnlyList<Measurement>>();
        var diagnostics = new List<IReadOnlyList<Measurement>>();
        var databases = new List<string>();
        await using var receiver = await Receiver.StartAsync(ct);
        PostgresServer? server = null;
        try
        {
            if (options.Providers.Contains(DatabaseProvider.PostgreSql))
            {
                log.WriteLine("starting a PostgreSQL server for the bench…");
                server = await PostgresServer.StartAsync(ct);
                databases.Add(server.Description);
            }
            var targets = options.Providers.Select(p => new BenchTarget(p, p == DatabaseProvider.PostgreSql ? server : null)).ToList();
            for (var run = 1; run <= options.Runs; run++)
            {
                var figures = new List<Measurement>();
                var diag = new List<Measurement>();
                foreach (var target in targets)
                {
                    log.WriteLine($"run {run}/{options.Runs}{(targets.Count > 1 ? ", " + target.Name : "")}");
                    _target = target;
                    var targetFigures = new List<Measurement>();
                    var targetDiag = new List<Measurement>();
                    await RunOnceAsync(receiver, targetFigures, targetDiag, ct);
                    if (options.Includes("log")) await LogSpeedAsync(targetFigures, targetDiag, ct);
                    figures.AddRange(targetFigures.Select(m => m with { Provider = target.Name }));
                    diag.AddRange(targetDiag.Select(m => m with { Provider = target.Name }));
                }
                runs.Add(figures);
                diagnostics.Add(diag);
            }
        }
        finally
        {
            foreach (var data in _logData.Values) await data.DisposeAsync();
            if (server is not null) await server.DisposeAsync();
        }
        return new BenchReport(runs, diagnostics, _notes, MachineInfo.Current(), clock.Elapsed, databases);
    }

    private async Task RunOnceAsync(Receiver receiver, List<Measurement> figures, List<Measurement> diag, CancellationToken ct)
    {
        if (options.Includes("probe") && _target.Provider == DatabaseProvider.PostgreSql)
        {
            var probe = await PostgresProbe.RunAsync(_target, ct);
            diag.Add(new("PostgreSQL: single-row commits/s, synchronous_commit=on (the bench's setting: a WAL flush per commit)", probe.DurableCommitsPerSecond));
            diag.Add(new("PostgreSQL: single-row commits/s, synchronous_commit=off", probe.AsyncCommitsPerSecond));
            diag.Add(new("PostgreSQL: ms per round trip (SELECT 1, one connection)", probe.RoundTripMs));
        }
        else if (options.Includes("probe"))
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
            await using var app = await AppHost.StartAsync(_target, ct: ct);
            foreach (var (step, wallMs, cpuMs) in await PublishSteps.RunAsync(app, options.IsTiny ? 20 : 500, ct))
            {
                diag.Add(new($"EF Core way, step \"{step}\": wall ms", wallMs));
                diag.Add(new($"EF Core way, step \"{step}\": CPU ms", cpuMs));
            }
            var publish = await PublishProbe.RunAsync(app, options.Window, ct);
            diag.Add(new("publisher alone (1 caller, no webhook): events/s", publish.PublishesPerSecond));
            diag.Add(new("publisher alone: PublishAsync p50 (ms)", publish.P50Ms));
            diag.Add(new("publisher alone: PublishAsync p99 (ms)", publish.P99Ms));
            diag.Add(new("publisher alone: durable commits on its connection (2 = SQLite synchronous=FULL / PostgreSQL synchronous_commit=on)", publish.Synchronous));
            diag.Add(new("publisher alone: CPU ms per PublishAsync (one caller, so no group commit)", publish.CpuMsPerPublish));
        }

        if (options.Includes("claim") && (!options.IsTiny || options.Only.Contains("claim")))
            foreach (var (backlog, ms) in await ClaimProbe.RunAsync([0, options.LatencyRate * 2, options.LatencyRate * 20], receiver.Ok, _target, ct))
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
            await using var app = await AppHost.StartAsync(_target, ct: ct);
            var ingestion = await IngestionMeasure.RunAsync(app, options.Concurrency, options.Warmup, options.Window, ct);
            if (ingestion is { } rate) Report(figures, Figures.Ingestion, rate);
            else Note("7 Ingestion: the app has no `POST /api/v1/accounts/{id}/events` yet (404): not measured.");
        }

        if (options.Includes("throughput")) await ThroughputAsync(receiver, limit, limitCpuMs, figures, diag, ct);

        if (options.Includes("delivered"))
        {
            await using var app = await AppHost.StartAsync(_target, ct: ct);
            var delivered = await HttpDeliveredMeasure.RunAsync(app, receiver.Ok, options.Concurrency, options.Warmup, options.Window, options.Drain, ct);
            Report(figures, Figures.HttpDelivered, delivered.DeliveriesPerSecond);
            diag.Add(new("8: events accepted (202) per second meanwhile", delivered.AcceptedPerSecond));
            diag.Add(new("8: bench process CPU, app + posting clients (cores busy)", delivered.ProcessCpuCores));
            diag.Add(new("8: seconds to drain the backlog after the window", delivered.DrainSeconds));
            if (delivered.Undelivered > 0)
                Note($"8 HTTP in → delivered: {delivered.Undelivered} accepted deliveries still had no recorded attempt {options.DrainSeconds:0} s after the window.");
        }
        AddRatio(figures, Figures.IngestionRatio, Figures.Ingestion, Figures.Published);
        AddRatio(figures, Figures.HttpDeliveredRatio, Figures.HttpDelivered, Figures.Throughput);

        if (options.Includes("fanout"))
        {
            var fanOut = await FanOutMeasure.RunAsync(receiver.Ok, options.FanOut, _target, ct);
            Report(figures, Figures.FanOutPeak, fanOut.PeakRssMb);
            Report(figures, Figures.FanOutSettled, fanOut.SettledRssMb);
            diag.Add(new("9: RSS of the app process before the fan-out (MB, webhooks created, after a GC)", fanOut.BaselineRssMb));
            diag.Add(new($"9: attempts recorded (expected {options.FanOut.Deliveries:N0})", fanOut.Deliveries));
            diag.Add(new("9: seconds from the first publish to the last attempt", fanOut.Seconds));
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
        await using var app = await AppHost.StartAsync(_target, ct: ct);
        return await LatencyMeasure.RunAsync(app, receiver, options.LatencyRate, hangingRate, options.Warmup, options.LatencyWindow, options.Drain, ct);
    }

    private static void AddLatencyDiagnostics(List<Measurement> diag, string measure, LatencyResult result)
    {
        diag.Add(new($"{measure}: achieved publish rate (events/s)", result.AchievedRate));
        diag.Add(new($"{measure}: max latency (ms)", result.MaxMs));
        diag.Add(new($"{measure}: deliveries never attempted", result.Missing));
        diag.Add(new($"{measure}: publish errors", result.PublishErrors));
    }

    /// <summary>Two logs per provider, one per size, generated once (first run) and queried on every run.</summary>
    private async Task LogSpeedAsync(List<Measurement> figures, List<Measurement> diag, CancellationToken ct)
    {
        foreach (var (size, first, deep) in new[]
                 {
                     (options.LogSmall, Figures.LogFirstSmall, Figures.LogDeepSmall),
                     (options.LogLarge, Figures.LogFirstLarge, Figures.LogDeepLarge),
                 })
        {
            if (!_logData.TryGetValue((_target.Name, size), out var data))
            {
                log.WriteLine($"  generating a delivery log of {size:N0} attempts…");
                data = await LogData.CreateAsync(_target, ct);
                _logData[(_target.Name, size)] = data;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                await data.GrowToAsync(size, ct);
                diag.Add(new($"5: attempts generated per second (bulk load: SQLite prepared inserts, PostgreSQL COPY; {size:N0})", data.Attempts / clock.Elapsed.TotalSeconds));
            }
            var result = await LogSpeedMeasure.RunAsync(data, options.LogQueryRepeats, ct);
            Report(figures, first, result.FirstPageMs);
            Report(figures, deep, result.DeepPageMs);
            diag.Add(new($"5: first page as bare keyset SQL, {Figures.Size(size)} (ms)", result.RawFirstPageMs));
            diag.Add(new($"5: … deep page as bare keyset SQL, {Figures.Size(size)} (ms)", result.RawDeepPageMs));
            // Tiny logs (smoke runs) hold fewer than a page of failed deliveries behind the deep cursor.
            if (size >= 50_000 && (result.FirstRows < LogSpeedMeasure.PageSize || result.DeepRows < LogSpeedMeasure.PageSize))
                Note($"5 Log speed: a page at {size:N0} returned fewer than {LogSpeedMeasure.PageSize} rows ({result.FirstRows}/{result.DeepRows}).");
        }
    }

    /// <summary>A ratio of two figures of this run, when both were measured (e.g. 7 and 2 need <c>--only ingestion,throughput</c>).</summary>
    private void AddRatio(List<Measurement> figures, string key, string numerator, string denominator)
    {
        var top = figures.FirstOrDefault(m => m.Key == numerator);
        var bottom = figures.FirstOrDefault(m => m.Key == denominator);
        if (top is not null && bottom is { Value: > 0 }) Report(figures, key, top.Value / bottom.Value);
    }

    private void Report(List<Measurement> figures, string key, double value)
    {
        figures.Add(new Measurement(key, value));
        var spec = Figures.Find(key);
        log.WriteLine($"  [{_clock.Elapsed.TotalSeconds,6:0.0}s] {_target.Name} {Figures.LabelFor(spec, options)}: {value:0.##} {spec.Unit}");
    }

    /// <summary>A note for RESULTS.md, naming the provider when the run has more than one.</summary>
    private void Note(string note) => _notes.Add(options.Providers.Count > 1 ? $"{_target.Name}: {note}" : note);
}
