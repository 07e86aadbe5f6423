using System.Diagnostics;
using System.Text.Json;
using Dashboard.Bench.Measures;

namespace Dashboard.Bench;

/// <summary>
/// Runs the throughput measurement in a child process (this same program with <c>--child</c>), so the app's
/// peak RSS is measured alone: the receiver and the driver stay in the parent. The child prints marks and
/// one result line on stdout.
/// </summary>
public static class ChildProtocol
{
    public const string MarkPrefix = "BENCH-MARK ";
    public const string ResultPrefix = "BENCH-RESULT ";

    public sealed record ChildRun(ThroughputResult Result, double ReceiverCpuCores);

    public static async Task<ChildRun> RunThroughputAsync(Uri receiverUrl, BenchOptions options, CancellationToken ct = default)
    {
        var start = ChildStart([
            "--child", "throughput", receiverUrl.ToString(), options.Publishers.ToString(),
            options.WarmupSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            options.Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            options.DrainSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            options.WithoutLogIndexes ? "without-log-indexes" : "as-shipped",
        ]);

        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the child process.");
        var errors = child.StandardError.ReadToEndAsync(ct);
        ThroughputResult? result = null;
        TimeSpan cpuAtStart = default, cpuUsed = default;
        long windowStart = 0, windowTicks = 0;
        while (await child.StandardOutput.ReadLineAsync(ct) is { } line)
        {
            if (line == MarkPrefix + "window-start")
            {
                cpuAtStart = ProcessFigures.CpuTime();
                windowStart = Stopwatch.GetTimestamp();
            }
            else if (line == MarkPrefix + "window-end")
            {
                cpuUsed = ProcessFigures.CpuTime() - cpuAtStart;
                windowTicks = Stopwatch.GetTimestamp() - windowStart;
            }
            else if (line.StartsWith(ResultPrefix, StringComparison.Ordinal))
                result = JsonSerializer.Deserialize<ThroughputResult>(line[ResultPrefix.Length..]);
        }
        await child.WaitForExitAsync(ct);
        if (result is null || child.ExitCode != 0)
            throw new InvalidOperationException($"The throughput child failed (exit {child.ExitCode}): {await errors}");
        var seconds = windowTicks / (double)Stopwatch.Frequency;
        return new ChildRun(result, seconds > 0 ? cpuUsed.TotalSeconds / seconds : double.NaN);
    }

    /// <summary>Runs this program as a child with <paramref name="args"/> and returns its one result line (without the prefix).</summary>
    public static async Task<string> RunChildAsync(IReadOnlyList<string> args, CancellationToken ct = default)
    {
        using var child = Process.Start(ChildStart(args)) ?? throw new InvalidOperationException("Could not start the child process.");
        var errors = child.StandardError.ReadToEndAsync(ct);
        string? result = null;
        while (await child.StandardOutput.ReadLineAsync(ct) is { } line)
            if (line.StartsWith(ResultPrefix, StringComparison.Ordinal)) result = line[ResultPrefix.Length..];
        await child.WaitForExitAsync(ct);
        return result is not null && child.ExitCode == 0 ? result
            : throw new InvalidOperationException($"The {args[1]} child failed (exit {child.ExitCode}): {await errors}");
    }

    /// <summary>This program again, through its apphost beside the assembly (also when loaded by the test host), else "dotnet Bench.dll".</summary>
    private static ProcessStartInfo ChildStart(IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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
