using Dashboard.Bench;

namespace Dashboard.Tests.Bench;

/// <summary>
/// The benchmark is not a test, but a tiny run of it is: every measurement must still produce a sane number,
/// so the bench cannot rot while the app changes. Targets are not asserted here (CI machines vary); RESULTS.md has them.
/// </summary>
public sealed class BenchSmokeTests
{
    private static readonly BenchOptions Tiny = new()
    {
        Runs = 1, Seconds = 0.3, WarmupSeconds = 0.1, DrainSeconds = 5, Concurrency = 8, Publishers = 4,
        LatencyRate = 100, HangingRate = 10, LogSmall = 2_000, LogLarge = 6_000, LogQueryRepeats = 3,
        Output = Path.Combine(Path.GetTempPath(), "dashboard-bench-smoke", "RESULTS.md"),
    };

    [Fact]
    public async Task A_tiny_run_produces_every_figure_and_writes_the_results_table()
    {
        var report = await new BenchRunner(Tiny, TextWriter.Null).RunAsync(TestContext.Current.CancellationToken);

        var figures = report.Runs.Single().ToDictionary(m => m.Key, m => m.Value);
        foreach (var key in new[]
                 {
                     Figures.Limit, Figures.Throughput, Figures.Published, Figures.ThroughputRatio, Figures.LatencyP50, Figures.LatencyP99,
                     Figures.IsolationP50, Figures.IsolationP99, Figures.IsolationRatio, Figures.LogFirstSmall, Figures.LogDeepSmall,
                     Figures.LogFirstLarge, Figures.LogDeepLarge, Figures.Memory, Figures.Ingestion,
                     Figures.IngestionRatio, Figures.HttpDelivered, Figures.HttpDeliveredRatio,
                 })
        {
            Assert.True(figures.ContainsKey(key), $"{key} was not measured");
            Assert.True(double.IsFinite(figures[key]) && figures[key] > 0, $"{key} = {figures[key]}");
        }
        Assert.InRange(figures[Figures.Memory], 20, 4_000); // MB: a real process, not a unit slip
        Assert.Empty(report.Notes);

        var markdown = ResultsWriter.Render(report.Runs, report.Diagnostics, report.Notes, report.Machine, Tiny, DateTimeOffset.UtcNow, report.Took, null);
        Assert.Contains("| 2 Throughput ÷ Limit |", markdown);
        Assert.Contains($"{report.Machine.Cores} cores", markdown);
        Assert.Contains("## Where the time goes", markdown);
    }
}
