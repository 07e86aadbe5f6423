namespace Dashboard.Webhooks;

/// <summary>
/// Latencies kept to two significant digits, rounded down: exact below 100 ms, then 100, 110, …, 990, 1,000, 1,100, ….
/// The health page's median and p95 are read from counts per floor, so they are at most 10 % low (and exact below 100 ms).
/// The triggers that count attempts spell the same rule in SQL (<c>Data.HourlyStatsSql.FloorOf</c>); a test holds them equal.
/// </summary>
public static class LatencyFloor
{
    /// <summary>The floor of tries that got no HTTP answer (timeouts, refused connections): counted, but not in latency.</summary>
    public const int NoAnswer = -1;

    public static int Of(int ms)
    {
        if (ms < 100) return Math.Max(0, ms);
        var step = 10;
        while (ms >= step * 100 && step < 100_000) step *= 10;
        return ms / step * step;
    }
}
