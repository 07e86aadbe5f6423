using System.Diagnostics;
using System.Net.Http.Headers;

namespace Dashboard.Bench.Measures;

/// <summary>What a closed-loop run counted in its window.</summary>
public sealed record ClosedLoopResult(double PerSecond, double CpuMsPerRequest);

/// <summary>
/// N loops each sending the next request when the last one is answered: warm up (until the JIT settles), then count
/// the requests completed in the window, and this process's CPU over it. The limit (1) and ingestion (7) drive load this way.
/// </summary>
public static class ClosedLoop
{
    public static async Task<ClosedLoopResult> RunAsync(int concurrency, TimeSpan warmup, TimeSpan window, Func<Task> request, CancellationToken ct = default)
    {
        long completed = 0;
        var measuring = false;
        var running = true; // until the window ends; the warm-up may run on until the JIT settles

        async Task LoopAsync()
        {
            while (Volatile.Read(ref running) && !ct.IsCancellationRequested)
            {
                await request();
                if (Volatile.Read(ref measuring)) Interlocked.Increment(ref completed);
            }
        }

        var loops = Enumerable.Range(0, concurrency).Select(_ => Task.Run(LoopAsync, ct)).ToArray();
        await Warmup.RunAsync(warmup, ct);
        var stopwatch = Stopwatch.StartNew();
        var cpu = ProcessFigures.CpuTime();
        Volatile.Write(ref measuring, true);
        await Task.Delay(window, ct);
        Volatile.Write(ref measuring, false);
        Volatile.Write(ref running, false);
        var elapsed = stopwatch.Elapsed;
        var cpuMs = (ProcessFigures.CpuTime() - cpu).TotalMilliseconds;
        var count = Interlocked.Read(ref completed);
        await Task.WhenAll(loops);
        return new ClosedLoopResult(count / elapsed.TotalSeconds, count > 0 ? cpuMs / count : double.NaN);
    }

    /// <summary>The payload as a JSON request body.</summary>
    public static ByteArrayContent Json(byte[] payload)
    {
        var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
