using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Webhooks;

/// <summary>Success and latency over one window. Latency counts only tries that got an HTTP answer.</summary>
public sealed record WindowStats(int Attempts, int Succeeded, int? MedianMs, int? P95Ms)
{
    public double? SuccessRate => Attempts == 0 ? null : (double)Succeeded / Attempts;
}

/// <summary>One point of the chart: tries started in [Start, Start + bucket).</summary>
public sealed record StatsBucket(DateTime Start, WindowStats Stats);

/// <param name="Last24Hours">The 24 hours of the hourly chart (this hour so far and the 23 before).</param>
/// <param name="Last7Days">The 7 days of the daily chart (today so far and the 6 before).</param>
public sealed record WebhookStats(WindowStats Last24Hours, WindowStats Last7Days, IReadOnlyList<StatsBucket> Hourly, IReadOnlyList<StatsBucket> Daily);

/// <summary>
/// A webhook's health in numbers, from its hourly counts per latency floor (<see cref="WebhookHourlyStat"/>): at most
/// 7 × 24 hours × a few dozen floors, however many attempts the webhook had. Percentiles are those of the floors
/// (<see cref="LatencyFloor"/>).
/// </summary>
public sealed class WebhookStatsQuery(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public async Task<WebhookStats> ForWebhookAsync(int accountId, int webhookId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var hourStart = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        var dayStart = now.Date;
        var from = dayStart.AddDays(-6) < hourStart.AddHours(-23) ? dayStart.AddDays(-6) : hourStart.AddHours(-23);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.HourlyStatsOf(accountId).AsNoTracking()
            .Where(s => s.WebhookId == webhookId && s.HourStart >= from)
            .ToListAsync(ct);

        var hourly = Enumerable.Range(0, 24).Select(i => hourStart.AddHours(i - 23))
            .Select(start => new StatsBucket(start, Summarize(rows.Where(r => r.HourStart == start)))).ToList();
        var daily = Enumerable.Range(0, 7).Select(i => dayStart.AddDays(i - 6))
            .Select(start => new StatsBucket(start, Summarize(rows.Where(r => r.HourStart >= start && r.HourStart < start.AddDays(1))))).ToList();
        return new WebhookStats(
            Summarize(rows.Where(r => r.HourStart >= hourStart.AddHours(-23))), Summarize(rows.Where(r => r.HourStart >= dayStart.AddDays(-6))),
            hourly, daily);
    }

    private static WindowStats Summarize(IEnumerable<WebhookHourlyStat> window)
    {
        var list = window.ToList();
        // Tries per latency floor, smallest first: the percentiles are read off the running count.
        var latencies = list.Where(r => r.LatencyFloorMs != LatencyFloor.NoAnswer)
            .GroupBy(r => r.LatencyFloorMs).Select(g => (FloorMs: g.Key, Count: g.Sum(r => r.Attempts))).OrderBy(l => l.FloorMs).ToArray();
        return new WindowStats(list.Sum(r => r.Attempts), list.Sum(r => r.Succeeded), Percentile(latencies, 0.5), Percentile(latencies, 0.95));
    }

    /// <summary>Nearest-rank percentile of counted values in ascending order; null for none.</summary>
    internal static int? Percentile(IReadOnlyList<(int Value, int Count)> sorted, double p)
    {
        var total = sorted.Sum(s => s.Count);
        if (total == 0) return null;
        var rank = Math.Clamp((int)Math.Ceiling(p * total), 1, total);
        var seen = 0;
        foreach (var (value, count) in sorted)
            if ((seen += count) >= rank) return value;
        return sorted[^1].Value;
    }
}
