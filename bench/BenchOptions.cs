using System.Globalization;
using Dashboard.Bench.Measures;
using Dashboard.Data;

namespace Dashboard.Bench;

/// <summary>
/// Sizes and durations. The defaults are the (10 s windows, 20 s for latency, 100 k and 1 M attempts);
/// <c>--quick</c> shrinks everything for a look in about a minute; the smoke test shrinks it further.
/// </summary>
public sealed record BenchOptions
{
    public int Runs { get; init; } = 3;
    public bool IsQuick { get; init; }

    /// <summary>Smoke runs: probes do the least that still exercises them.</summary>
    public bool IsTiny => Seconds < 1;

    /// <summary>Window of the limit, throughput and ingestion measurements; latency and isolation run twice as long.</summary>
    public double Seconds { get; init; } = 10;

    public double WarmupSeconds { get; init; } = 2;
    public int Concurrency { get; init; } = 64;
    /// <summary>Concurrent publishers in (2): as many as the limit's concurrent requests.</summary>
    public int Publishers { get; init; } = 64;
    public int LatencyRate { get; init; } = 1000;

    /// <summary>Events per second for the hanging webhook during the isolation measurement.</summary>
    public int HangingRate { get; init; } = 100;

    /// <summary>Request timeout of the dispatcher during the isolation measurement (the app default is 15 s).</summary>
    public double HangTimeoutSeconds { get; init; } = 5;

    /// <summary>How long, after a window, accepted work may take to be attempted before it counts as missing.</summary>
    public double DrainSeconds { get; init; } = 30;

    public int LogSmall { get; init; } = 100_000;
    public int LogLarge { get; init; } = 1_000_000;
    public int LogQueryRepeats { get; init; } = 20;

    /// <summary>
    /// Experiment, not the app as shipped: (2) runs with the secondary indexes of the log and the webhook stats dropped
    /// (<see cref="Measures.ThroughputMeasure.LogIndexes"/>), to show what they cost the writer.
    /// </summary>
    public bool WithoutLogIndexes { get; init; }

    /// <summary>Run the throughput measurement in a child process, so its peak RSS is the app's alone.</summary>
    public bool ChildProcess { get; init; } = true;

    /// <summary>Default: <c>bench/RESULTS.md</c> of the repository (dotnet run starts in the project folder).</summary>
    public string Output { get; init; } = DefaultOutput();
    /// <summary>The fan-out memory case (9): the 500 webhooks × 5 events × 250 KB unless a test asks for less.</summary>
    public FanOutSize FanOut { get; init; } = new();

    public HashSet<string> Only { get; init; } = [];

    /// <summary>The databases every selected figure runs on, in this order (<c>--provider Sqlite|PostgreSQL|both</c>).</summary>
    public IReadOnlyList<DatabaseProvider> Providers { get; init; } = [DatabaseProvider.Sqlite];

    /// <summary>
    /// App instances on one PostgreSQL database for (2): with more than one, (2) runs with one instance and then with this
    /// many, the publishers split across them (<c>--instances N</c>).
    /// </summary>
    public int Instances { get; init; } = 1;

    public TimeSpan Window => TimeSpan.FromSeconds(Seconds);
    public TimeSpan LatencyWindow => TimeSpan.FromSeconds(Seconds * 2);
    public TimeSpan Warmup => TimeSpan.FromSeconds(WarmupSeconds);
    public TimeSpan Drain => TimeSpan.FromSeconds(DrainSeconds);

    public bool Includes(string measure) => Only.Count == 0 || Only.Contains(measure);

    private static string DefaultOutput()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln"))) return Path.Combine(dir.FullName, "bench", "RESULTS.md");
        return "RESULTS.md";
    }

    public static BenchOptions Quick => new()
    {
        IsQuick = true, Runs = 1, Seconds = 3, WarmupSeconds = 1, LogSmall = 10_000, LogLarge = 100_000, LogQueryRepeats = 10,
    };

    public static BenchOptions Parse(string[] args)
    {
        var options = args.Contains("--quick") ? Quick : new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            double Number() => double.Parse(Next(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--quick" => options,
                "--runs" => options with { Runs = (int)Number() },
                "--seconds" => options with { Seconds = Number() },
                "--warmup" => options with { WarmupSeconds = Number() },
                "--concurrency" => options with { Concurrency = (int)Number() },
                "--publishers" => options with { Publishers = (int)Number() },
                "--rate" => options with { LatencyRate = (int)Number() },
                "--hanging-rate" => options with { HangingRate = (int)Number() },
                "--drain" => options with { DrainSeconds = Number() },
                "--log-small" => options with { LogSmall = (int)Number() },
                "--log-large" => options with { LogLarge = (int)Number() },
                "--in-process" => options with { ChildProcess = false },
                "--without-log-indexes" => options with { WithoutLogIndexes = true },
                "--out" => options with { Output = Next() },
                "--only" => options with { Only = Next().Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet() },
                "--provider" => options with { Providers = ParseProviders(Next()) },
                "--instances" => options with { Instances = (int)Number() },
                _ => throw new ArgumentException($"Unknown option {args[i]}. " + Usage),
            };
        }
        if (options.Runs < 1 || options.Seconds <= 0) throw new ArgumentException("--runs must be ≥ 1 and --seconds > 0.");
        if (options.Instances < 1) throw new ArgumentException("--instances must be ≥ 1.");
        if (options.Instances > 1 && !options.Providers.Contains(DatabaseProvider.PostgreSql))
            throw new ArgumentException("--instances needs --provider PostgreSQL or both: SQLite is one process on one file.");
        if (options.Instances > 1 && !options.ChildProcess) throw new ArgumentException("--instances runs each instance in a child process: drop --in-process.");
        return options;
    }

    private static IReadOnlyList<DatabaseProvider> ParseProviders(string value) => value.Trim().ToLowerInvariant() switch
    {
        "sqlite" => [DatabaseProvider.Sqlite],
        "postgresql" or "postgres" => [DatabaseProvider.PostgreSql],
        "both" => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql],
        _ => throw new ArgumentException($"--provider must be Sqlite, PostgreSQL or both; it is '{value}'."),
    };

    public const string Usage =
        "Usage: dotnet run -c Release --project bench -- [--runs 3] [--seconds 10] [--quick] [--only limit,throughput,latency,isolation,log,ingestion,delivered,fanout] [--provider Sqlite|PostgreSQL|both] [--instances N (PostgreSQL)] [--out bench/RESULTS.md] [--without-log-indexes (experiment)]";
}
