using System.Globalization;
using Dashboard.Bench.Measures;

namespace Dashboard.Bench;

/// <summary>The benchmark of issue 5: measures the real app against this machine's own limit and writes bench/RESULTS.md.</summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["--child", "throughput", var receiver, var publishers, var warmup, var seconds, var drain, var schema, var database, var role])
            return await ThroughputMeasure.ChildMainAsync(new Uri(receiver), int.Parse(publishers, CultureInfo.InvariantCulture),
                TimeSpan.FromSeconds(double.Parse(warmup, CultureInfo.InvariantCulture)), TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)),
                    TimeSpan.FromSeconds(double.Parse(drain, CultureInfo.InvariantCulture)), withoutLogIndexes: schema == "without-log-indexes", database,
                    setsUp: role == "sets-up");

        if (args is ["--child", "fanout", var fanOutReceiver, var webhooks, var events, var kb, var fanOutDatabase])
            return await FanOutMeasure.ChildMainAsync(new Uri(fanOutReceiver), new FanOutSize(int.Parse(webhooks, CultureInfo.InvariantCulture),
                int.Parse(events, CultureInfo.InvariantCulture), int.Parse(kb, CultureInfo.InvariantCulture)), fanOutDatabase);

        BenchOptions options;
        try { options = BenchOptions.Parse(args); }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

        var started = DateTimeOffset.UtcNow;
        var report = await new BenchRunner(options, Console.Out).RunAsync(cancel.Token);
        var notesPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.Output))!, "where-the-time-goes.md");
        var whereTheTimeGoes = File.Exists(notesPath) ? await File.ReadAllTextAsync(notesPath) : null;
        var markdown = ResultsWriter.Render(report.Runs, report.Diagnostics, report.Notes, report.Machine, options, started, report.Took, whereTheTimeGoes, report.Databases);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
        await File.WriteAllTextAsync(options.Output, markdown);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Written to {Path.GetFullPath(options.Output)}");
        return 0;
    }
}
