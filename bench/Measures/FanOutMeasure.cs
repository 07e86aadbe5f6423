using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Events;

namespace Dashboard.Bench.Measures;

public sealed record FanOutResult(double BaselineRssMb, double PeakRssMb, double SettledRssMb, int Deliveries, double Seconds)
{
    /// <summary>How far the peak rose above the baseline.</summary>
    public double GrowthMb => PeakRssMb - BaselineRssMb;
}

/// <summary>The size of a fan-out run: the case by default, smaller in the tests.</summary>
public sealed record FanOutSize(int Webhooks = 500, int Events = 5, int PayloadKb = 250)
{
    public int Deliveries => Webhooks * Events;
}

/// <summary>
/// (8) Memory under fan-out (issue 15): one 250 KB event to 500 webhooks, five times, in a child process of its own (the
/// app alone; the receiver stays in the parent). Reports the app's RSS before, its peak (VmHWM) and after the last attempt.
/// </summary>
public static class FanOutMeasure
{
    public static Task<FanOutResult> RunAsync(Uri receiverUrl, FanOutSize size, CancellationToken ct = default) =>
        RunAsync(receiverUrl, size, BenchTarget.Sqlite, ct);

    public static async Task<FanOutResult> RunAsync(Uri receiverUrl, FanOutSize size, BenchTarget target, CancellationToken ct = default)
    {
        await using var database = await BenchDatabase.CreateAsync(target, ct);
        var line = await ChildProtocol.RunChildAsync(
            ["--child", "fanout", receiverUrl.ToString(), size.Webhooks.ToString(), size.Events.ToString(), size.PayloadKb.ToString(), database.Spec], ct);
        return JsonSerializer.Deserialize<FanOutResult>(line) ?? throw new InvalidOperationException("No fan-out result.");
    }

    /// <summary>Child-process entry: hosts the app on the parent's database, fans the events out, prints the result as one JSON line.</summary>
    public static async Task<int> ChildMainAsync(Uri receiverUrl, FanOutSize size, string databaseSpec)
    {
        await using var app = await AppHost.StartAsync(BenchDatabase.Attach(databaseSpec), ownsDatabase: false);
        var accountId = await app.DemoAccountIdAsync();
        for (var i = 0; i < size.Webhooks; i++)
            await AppSetup.CreateWebhookAsync(app, accountId, new Uri(receiverUrl, $"?w={i}"), Payloads.EventName);
        var publisher = app.Services.GetRequiredService<IEventPublisher>();
        GC.Collect();
        var baseline = ProcessFigures.CurrentRssMb();

        var clock = Stopwatch.StartNew();
        for (var n = 1; n <= size.Events; n++) await publisher.PublishAsync(accountId, Large(n, size.PayloadKb));
        await using var db = await AppSetup.OpenAsync(app);
        var expected = size.Deliveries;
        while (await AppSetup.ScalarAsync(db, "SELECT COUNT(*) FROM Attempts", default) < expected && clock.Elapsed < TimeSpan.FromMinutes(3))
            await Task.Delay(100);
        var deliveries = (int)await AppSetup.ScalarAsync(db, "SELECT COUNT(*) FROM Attempts", default);
        var seconds = clock.Elapsed.TotalSeconds;
        var peak = ProcessFigures.PeakRssMb();
        await Task.Delay(2000); // what stays once the work is done
        Console.WriteLine(ChildProtocol.ResultPrefix + JsonSerializer.Serialize(new FanOutResult(baseline, peak, ProcessFigures.CurrentRssMb(), deliveries, seconds)));
        return 0;
    }

    /// <summary>A message event whose content makes the payload about <paramref name="kb"/> KB.</summary>
    private static JsonObject Large(long sequence, int kb)
    {
        var payload = Payloads.Message(sequence);
        payload["content"] = string.Concat(Enumerable.Repeat("All work and no play makes Jack a dull boy. ", kb * 1024 / 44));
        return payload;
    }
}
