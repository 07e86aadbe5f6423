using Dashboard.Bench;
using Dashboard.Bench.Measures;

namespace Dashboard.Tests.Bench;

/// <summary>
/// The fan-out memory case of the benchmark, smaller: one large event to many webhooks must not be held once per
/// delivery (issue 15 measured 300 → 636 MB for 250 KB × 500 × 5 when it was). The app runs in a child process, alone.
/// </summary>
public sealed class FanOutMemoryTests
{
    [Fact]
    public async Task A_large_event_fanned_out_raises_the_apps_memory_by_far_less_than_a_copy_per_delivery()
    {
        var size = new FanOutSize(Webhooks: 200, Events: 3, PayloadKb: 250);
        await using var receiver = await Receiver.StartAsync(TestContext.Current.CancellationToken);

        var result = await FanOutMeasure.RunAsync(receiver.Ok, size, TestContext.Current.CancellationToken);

        Assert.Equal(size.Deliveries, result.Deliveries);
        // A copy per delivery would be 600 × 250 KB ≈ 146 MB (the old code rose 283 MB here); shared, the app's ordinary
        // working set grows ~30 MB even at the full 2,500 deliveries, well under a third of that.
        var copiesMb = size.Deliveries * size.PayloadKb / 1024.0;
        Assert.True(result.GrowthMb < copiesMb / 3, $"peak rose {result.GrowthMb:0} MB above {result.BaselineRssMb:0} MB (a copy per delivery would be {copiesMb:0} MB)");
    }
}
