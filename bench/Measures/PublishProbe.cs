using System.Diagnostics;
using Dashboard.Events;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Bench.Measures;

public sealed record PublishProbeResult(double PublishesPerSecond, double P50Ms, double P99Ms, long Synchronous, double CpuMsPerPublish);

/// <summary>One publisher, no webhook, dispatcher idle: what one outbox transaction costs by itself.</summary>
public static class PublishProbe
{
    public static async Task<PublishProbeResult> RunAsync(AppHost app, TimeSpan window, CancellationToken ct = default)
    {
        var accountId = await app.DemoAccountIdAsync(ct);
        var publisher = app.Services.GetRequiredService<IEventPublisher>();
        long synchronous;
        await using (var db = app.CreateDbContext())
        {
            await db.Database.OpenConnectionAsync(ct);
            // How durable a commit is on the app's own connection: SQLite's PRAGMA synchronous (2 = FULL), PostgreSQL's synchronous_commit (2 = on).
            synchronous = db.Database.IsSqlite()
                ? await db.Database.SqlQueryRaw<long>("SELECT synchronous AS Value FROM pragma_synchronous").SingleAsync(ct)
                : await db.Database.SqlQueryRaw<long>("SELECT CASE current_setting('synchronous_commit') WHEN 'off' THEN 0 WHEN 'on' THEN 2 ELSE 1 END::bigint AS \"Value\"").SingleAsync(ct);
        }
        var times = new List<double>();
        var cpu = ProcessFigures.CpuTime();
        var clock = Stopwatch.StartNew();
        long n = 0;
        while (clock.Elapsed < window)
        {
            var started = Stopwatch.GetTimestamp();
            await publisher.PublishAsync(accountId, Payloads.Message(++n), ct: ct);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        var cpuMs = (ProcessFigures.CpuTime() - cpu).TotalMilliseconds;
        return new PublishProbeResult(n / clock.Elapsed.TotalSeconds, Stats.Percentile(times, 50), Stats.Percentile(times, 99), synchronous, cpuMs / n);
    }
}
