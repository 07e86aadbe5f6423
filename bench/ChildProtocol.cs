using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dashboard.Bench.Measures;

namespace Dashboard.Bench;

/// <summary>
/// Runs the throughput measurement in child processes (this same program with <c>--child</c>), so an app's peak RSS is
/// measured alone: the receiver and the driver stay in the parent. One child is one app instance; with several, all
/// share the parent's database, the publishers are split across them, and the parent starts their publishing and
/// their window together (each child prints a mark and waits for a line on stdin). The parent counts the attempts and
/// reads every process's CPU over the window itself. Each child prints one result line on stdout.
/// </summary>
public static class ChildProtocol
{
    public const string MarkPrefix = "BENCH-MARK ";
    public const string ResultPrefix = "BENCH-RESULT ";

    /// <summary>
    /// What (2) measured with <paramref name="Instances"/> app instances: deliveries/s counted in the database over the
    /// window; CPU per delivery of all instances together and of the PostgreSQL server (NaN on SQLite, which runs inside
    /// the app); the parent's own CPU (receiver and driver); the highest peak RSS of an instance. <paramref name="First"/>:
    /// the first instance's own view (publish times, writer figures).
    /// </summary>
    public sealed record ThroughputRun(
        int Instances, double DeliveriesPerSecond, double AppCpuCores, double AppCpuMsPerDelivery, double ServerCpuMsPerDelivery,
        double ReceiverCpuCores, double PeakRssMb, ThroughputResult First);

    public static async Task<ThroughputRun> RunThroughputAsync(Uri receiverUrl, BenchOptions options, BenchTarget target, int instances,
        CancellationToken ct = default)
    {
        await using var database = await BenchDatabase.CreateAsync(target, ct);
        var children = new List<Child>();
        try
        {
            // One at a time up to "ready": the first migrates, seeds and creates the webhooks; the others find them there.
            for (var i = 0; i < instances; i++)
            {
                var publishers = options.Publishers / instances + (i < options.Publishers % instances ? 1 : 0);
                children.Add(Child.Start([
                    "--child", "throughput", receiverUrl.ToString(), publishers.ToString(CultureInfo.InvariantCulture),
                    options.WarmupSeconds.ToString(CultureInfo.InvariantCulture), options.Seconds.ToString(CultureInfo.InvariantCulture),
                    options.DrainSeconds.ToString(CultureInfo.InvariantCulture), options.WithoutLogIndexes ? "without-log-indexes" : "as-shipped",
                    database.Spec, i == 0 ? "sets-up" : "joins",
                ]));
                await children[i].MarkAsync(ThroughputPart.Ready, ct);
            }
            foreach (var child in children) await child.SendAsync("publish");
            await Task.WhenAll(children.Select(c => c.MarkAsync(ThroughputPart.Warm, ct)));

            await using var db = await database.OpenAsync(ct: ct);
            var before = await SnapshotAsync(db, children, target.Server, ct);
            foreach (var child in children) await child.SendAsync("measure");
            await Task.Delay(options.Window, ct);
            var after = await SnapshotAsync(db, children, target.Server, ct);

            var results = new List<ThroughputResult>();
            foreach (var child in children) results.Add(await child.ResultAsync(ct));
            var seconds = (after.At - before.At) / (double)Stopwatch.Frequency;
            var delivered = Math.Max(1, after.Attempts - before.Attempts);
            var appCpu = after.Children - before.Children;
            return new ThroughputRun(instances, (after.Attempts - before.Attempts) / seconds, appCpu / seconds, appCpu * 1000 / delivered,
                (after.Server - before.Server) * 1000 / delivered, (after.Own - before.Own) / seconds, results.Max(r => r.PeakRssMb), results[0]);
        }
        finally
        {
            foreach (var child in children) child.Dispose();
        }
    }

    private sealed record Snapshot(long Attempts, double Children, double Server, double Own, long At);

    private static async Task<Snapshot> SnapshotAsync(System.Data.Common.DbConnection db, List<Child> children, PostgresServer? server, CancellationToken ct) =>
        new(await AppSetup.ScalarAsync(db, "SELECT COUNT(*) FROM Attempts", ct), children.Sum(c => ProcessFigures.CpuSecondsOf(c.Id)),
            server?.CpuSeconds() ?? double.NaN, ProcessFigures.CpuTime().TotalSeconds, Stopwatch.GetTimestamp());

    /// <summary>Runs this program as a child with <paramref name="args"/> and returns its one result line (without the prefix).</summary>
    public static async Task<string> RunChildAsync(IReadOnlyList<string> args, CancellationToken ct = default)
    {
        using var child = Child.Start(args);
        return await child.ResultLineAsync(ct);
    }

    /// <summary>A child process, its marks as they come, and its result line.</summary>
    private sealed class Child : IDisposable
    {
        private readonly Process _process;
        private readonly string _kind;
        private readonly Dictionary<string, TaskCompletionSource> _marks = [];
        private readonly Task<string?> _result;
        private readonly Task<string> _errors;
        private InvalidOperationException? _ended;

        private Child(Process process, string kind)
        {
            _process = process;
            _kind = kind;
            _errors = process.StandardError.ReadToEndAsync();
            _result = ReadAsync();
        }

        public int Id => _process.Id;

        public static Child Start(IReadOnlyList<string> args) =>
            new(Process.Start(ChildStart(args)) ?? throw new InvalidOperationException("Could not start the child process."), args[1]);

        public Task MarkAsync(string mark, CancellationToken ct) => Mark(mark).Task.WaitAsync(ct);

        public async Task SendAsync(string line)
        {
            await _process.StandardInput.WriteLineAsync(line);
            await _process.StandardInput.FlushAsync();
        }

        public async Task<string> ResultLineAsync(CancellationToken ct)
        {
            var result = await _result.WaitAsync(ct);
            return result is not null && _process.ExitCode == 0 ? result
                : throw new InvalidOperationException($"The {_kind} child failed (exit {_process.ExitCode}): {await _errors}");
        }

        public async Task<ThroughputResult> ResultAsync(CancellationToken ct) =>
            JsonSerializer.Deserialize<ThroughputResult>(await ResultLineAsync(ct)) ?? throw new InvalidOperationException("No throughput result.");

        private TaskCompletionSource Mark(string mark)
        {
            lock (_marks)
            {
                if (!_marks.TryGetValue(mark, out var source))
                {
                    _marks[mark] = source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    if (_ended is not null) source.TrySetException(_ended);
                }
                return source;
            }
        }

        private async Task<string?> ReadAsync()
        {
            string? result = null;
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith(MarkPrefix, StringComparison.Ordinal)) Mark(line[MarkPrefix.Length..]).TrySetResult();
                else if (line.StartsWith(ResultPrefix, StringComparison.Ordinal)) result = line[ResultPrefix.Length..];
            }
            await _process.WaitForExitAsync();
            // A child that ended early never reaches its marks: whoever waits for one learns why.
            var failure = new InvalidOperationException($"The {_kind} child ended (exit {_process.ExitCode}): {await _errors}");
            lock (_marks)
            {
                _ended = failure;
                foreach (var source in _marks.Values) source.TrySetException(failure);
            }
            return result;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            }
            _process.Dispose();
        }
    }

    /// <summary>This program again, through its apphost beside the assembly (also when loaded by the test host), else "dotnet Bench.dll".</summary>
    private static ProcessStartInfo ChildStart(IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        var assembly = typeof(ChildProtocol).Assembly.Location;
        var apphost = Path.Combine(Path.GetDirectoryName(assembly)!, OperatingSystem.IsWindows() ? "Bench.exe" : "Bench");
        if (File.Exists(apphost)) start.FileName = apphost;
        else
        {
            start.FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
            start.ArgumentList.Add(assembly);
        }
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return start;
    }
}
