namespace Dashboard.Bench.Measures;

/// <summary>
/// (1) The machine's own limit: one HttpClient, N concurrent loops posting the same payload to the same receiver.
/// No database, no signing: what any sender on this machine could at best achieve.
/// </summary>
public static class LimitMeasure
{
    /// <summary>Requests per second, and this process's CPU milliseconds per request (client and receiver together).</summary>
    public static async Task<(double PerSecond, double CpuMsPerRequest)> RunAsync(Receiver receiver, int concurrency, TimeSpan warmup, TimeSpan window, CancellationToken ct = default)
    {
        using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        var payload = Payloads.MessageBytes;
        var result = await ClosedLoop.RunAsync(concurrency, warmup, window, async () =>
        {
            using var content = ClosedLoop.Json(payload);
            using var response = await client.PostAsync(receiver.Ok, content, ct);
            response.EnsureSuccessStatusCode();
        }, ct);
        return (result.PerSecond, result.CpuMsPerRequest);
    }
}
