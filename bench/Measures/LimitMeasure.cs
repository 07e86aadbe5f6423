using System.Diagnostics;
using System.Net.Http.Headers;

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
        long completed = 0;
        var measuring = false;
        var running = true; // until the window ends; the warm-up may run on until the JIT settles
        var stopwatch = Stopwatch.StartNew();

        async Task LoopAsync()
        {
            while (Volatile.Read(ref running) && !ct.IsCancellationRequested)
            {
                using var content = new ByteArrayContent(payload);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await client.PostAsync(receiver.Ok, content, ct);
                response.EnsureSuccessStatusCode();
                if (Volatile.Read(ref measuring)) Interlocked.Increment(ref completed);
            }
        }

        var loops = Enumerable.Range(0, concurrency).Select(_ => Task.Run(LoopAsync, ct)).ToArray();
        await Warmup.RunAsync(warmup, ct);
        var start = stopwatch.Elapsed;
        var cpu = ProcessFigures.CpuTime();
        Volatile.Write(ref measuring, true);
        await Task.Delay(window, ct);
        Volatile.Write(ref measuring, false);
        Volatile.Write(ref running, false);
        var elapsed = stopwatch.Elapsed - start;
        var cpuMs = (ProcessFigures.CpuTime() - cpu).TotalMilliseconds;
        var count = Interlocked.Read(ref completed);
        await Task.WhenAll(loops);
        return (count / elapsed.TotalSeconds, count > 0 ? cpuMs / count : double.NaN);
    }
}
