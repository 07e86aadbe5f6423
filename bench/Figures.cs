namespace Dashboard.Bench;

/// <summary>One measured number of one run, on one database provider ("SQLite", "PostgreSQL").</summary>
public sealed record Measurement(string Key, double Value, string Provider = "SQLite");

/// <summary>What a figure means, its unit and its target (if it has one).</summary>
public sealed record FigureSpec(string Key, string Label, string Unit, string Target, Func<double, bool>? Met, int Decimals = 0);

/// <summary>The figures of RESULTS.md, in table order. Targets are the issue's.</summary>
public static class Figures
{
    public const string Limit = "limit";
    public const string Throughput = "throughput";
    public const string ThroughputRatio = "throughput.ratio";
    public const string Published = "throughput.published";
    public const string LatencyP50 = "latency.p50";
    public const string LatencyP99 = "latency.p99";
    public const string IsolationP50 = "isolation.p50";
    public const string IsolationP99 = "isolation.p99";
    public const string IsolationRatio = "isolation.ratio";
    public const string LogFirstSmall = "log.small.first";
    public const string LogDeepSmall = "log.small.deep";
    public const string LogFirstLarge = "log.large.first";
    public const string LogDeepLarge = "log.large.deep";
    public const string AppCpu = "throughput.cpu.app";
    public const string ServerCpu = "throughput.cpu.server";
    public const string ThroughputN = "throughput.n";
    public const string ThroughputNRatio = "throughput.n.ratio";
    public const string AppCpuN = "throughput.n.cpu.app";
    public const string ServerCpuN = "throughput.n.cpu.server";
    public const string MemoryN = "throughput.n.memory";
    public const string Memory = "memory.peak";
    public const string Ingestion = "ingestion";
    public const string IngestionRatio = "ingestion.ratio";
    public const string HttpDelivered = "delivered";
    public const string HttpDeliveredRatio = "delivered.ratio";
    public const string FanOutPeak = "fanout.peak";
    public const string FanOutSettled = "fanout.settled";

    public static readonly IReadOnlyList<FigureSpec> All =
    [
        new(Limit, "1 Limit: one HttpClient, 64 concurrent POSTs → receiver", "req/s", "(the yardstick)", null),
        new(Throughput, "2 Throughput: published → delivered, every attempt recorded", "deliveries/s", "", null),
        new(Published, "2 … events accepted by the publisher meanwhile", "events/s", "", null),
        new(ThroughputRatio, "2 Throughput ÷ Limit", "ratio", "≥ 0.35", v => v >= 0.35, 2),
        new(AppCpu, "2 … CPU per delivery, app process", "ms", "", null, 3),
        new(ServerCpu, "2 … CPU per delivery, PostgreSQL server processes", "ms", "", null, 3),
        new(ThroughputN, "2 Throughput with {instances} app instances on one database (publishers split)", "deliveries/s", "", null),
        new(ThroughputNRatio, "2 … with {instances} instances ÷ Limit", "ratio", "≥ 0.35", v => v >= 0.35, 2),
        new(AppCpuN, "2 … with {instances} instances: CPU per delivery, all app processes", "ms", "", null, 3),
        new(ServerCpuN, "2 … with {instances} instances: CPU per delivery, PostgreSQL server processes", "ms", "", null, 3),
        new(MemoryN, "2 … with {instances} instances: highest peak RSS of one instance", "MB", "≤ 300", v => v <= 300),
        new(LatencyP50, "3 Latency at 1,000 events/s: accepted → first attempt started, p50", "ms", "", null, 1),
        new(LatencyP99, "3 Latency at 1,000 events/s: accepted → first attempt started, p99", "ms", "≤ 50", v => v <= 50, 1),
        new(IsolationP50, "4 Isolation: same, while a 2nd webhook hangs, healthy p50", "ms", "", null, 1),
        new(IsolationP99, "4 Isolation: healthy webhook's p99", "ms", "", null, 1),
        new(IsolationRatio, "4 Isolation: healthy p99 ÷ p99 of 3", "ratio", "≤ 1.5", v => v <= 1.5, 2),
        new(LogFirstSmall, "5 Log page (50 rows, status filter), first page, {small} attempts", "ms", "≤ 50", v => v <= 50, 2),
        new(LogDeepSmall, "5 Log page, deep page, {small} attempts", "ms", "≤ 50", v => v <= 50, 2),
        new(LogFirstLarge, "5 Log page (50 rows, status filter), first page, {large} attempts", "ms", "≤ 50", v => v <= 50, 2),
        new(LogDeepLarge, "5 Log page, deep page, {large} attempts", "ms", "≤ 50", v => v <= 50, 2),
        new(Memory, "6 Memory: peak RSS of the app process during 2", "MB", "≤ 300", v => v <= 300),
        new(Ingestion, "7 Ingestion: POST /api/v1/accounts/{id}/events accepted", "events/s", "", null),
        new(IngestionRatio, "7 Ingestion ÷ 2's events accepted by the publisher", "ratio", "≥ 0.7", v => v >= 0.7, 2),
        new(HttpDelivered, "8 HTTP in → delivered: events POSTed to the API, each delivered to one webhook and recorded", "deliveries/s", "", null),
        new(HttpDeliveredRatio, "8 HTTP in → delivered ÷ 2 Throughput", "ratio", "≥ 0.6", v => v >= 0.6, 2),
        new(FanOutPeak, "9 Fan-out: one 250 KB event to 500 webhooks, 5 times: peak RSS of the app process", "MB", "≤ 300", v => v <= 300),
        new(FanOutSettled, "9 … RSS of the app process 2 s after the last attempt", "MB", "", null),
    ];

    /// <summary>The label with the log sizes of this invocation filled in.</summary>
    public static string LabelFor(FigureSpec spec, BenchOptions options) =>
        spec.Label.Replace("{small}", Size(options.LogSmall)).Replace("{large}", Size(options.LogLarge))
            .Replace("{instances}", options.Instances.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string Size(int n) =>
        n >= 1_000_000 && n % 1_000_000 == 0 ? $"{n / 1_000_000} M" : n >= 1000 && n % 1000 == 0 ? $"{n / 1000} k" : n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    public static FigureSpec Find(string key) => All.FirstOrDefault(f => f.Key == key) ?? new(key, key, "", "", null, 2);
}
