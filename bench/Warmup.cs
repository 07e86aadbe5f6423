using System.Runtime;

namespace Dashboard.Bench;

/// <summary>
/// Warm-up that ends in the steady state a running server is in: the fixed warm-up first, then on until the JIT has
/// stopped compiling. Under load, .NET recompiles every hot method twice more (instrumented, then optimized tier 1)
/// on one background thread; on this 2-core machine that took ~10 s of the first run's 10 s window
/// (perf: ~3,700 tier-1 compiles after the first delivery, the JIT ~35 % of the app's CPU in the window).
/// </summary>
public static class Warmup
{
    public static async Task RunAsync(TimeSpan minimum, CancellationToken ct = default)
    {
        await Task.Delay(minimum, ct);
        if (minimum < TimeSpan.FromSeconds(1)) return; // smoke runs only check that it works
        var settling = System.Diagnostics.Stopwatch.StartNew();
        var compiled = JitInfo.GetCompiledMethodCount();
        while (settling.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            var now = JitInfo.GetCompiledMethodCount();
            if (now - compiled < 10) return; // a handful a second is rare code paths, not tier-up
            compiled = now;
        }
    }
}
