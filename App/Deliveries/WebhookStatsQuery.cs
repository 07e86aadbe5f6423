using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Deliveries;

/// <summary>Success and latency over one window. Latency counts only tries that got an HTTP answer.</summary>
public sealed record WindowStats(int Attempts, int Succeeded, int? MedianMs, int? P95Ms)
{
    public double? SuccessRate => Attempts == 0 ? null : (double)Succeeded / Attempts;
}

/// <summary>One point of the chart: tries started in [Start, Start + bucket).</summary>
public sealed record StatsBucket(DateTime Start, WindowStats Stats);

public sealed record WebhookStats(WindowStats Last24Hours, WindowStats Last7Days, IReadOnlyList<StatsBucket> Hourly, IReadOnlyList<StatsBucket> Daily);

/// <summary>A webhook's health in numbers, computed from its attempts (index <c>(WebhookId, StartedAt)</c>).</summary>
public sealed class WebhookStatsQuery(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    private sealed record Sample(DateTime StartedAt, int DurationMs, bool Succeeded, bool Answered);

    public async Task<WebhookStats> ForWebhookAsync(int accountId, int webhookId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var weekAgo = now.AddDays(-7);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var samples = await db.Attempts.AsNoTracking()
            .Where(a => a.WebhookId == webhookId && a.StartedAt >= weekAgo && a.AccountId == accountId)
            .Select(a => new Sample(a.StartedAt, a.DurationMs, a.Succeeded, a.ResponseStatus != null))
            .ToListAsync(ct);

        var dayAgo = now.AddHours(-24);
        var hourStart = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        var hourly = Enumerable.Range(0, 24).Select(i => hourStart.AddHours(i - 23))
            .Select(start => new StatsBucket(start, Summarize(samples.Where(s => s.StartedAt >= start && s.StartedAt < start.AddHours(1))))).ToList();
        var dayStart = now.Date;
        var daily = Enumerable.Range(0, 7).Select(i => dayStart.AddDays(i - 6))
            .Select(start => new StatsBucket(start, Summarize(samples.Where(s => s.StartedAt >= start && s.StartedAt < start.AddDays(1))))).ToList();

        return new WebhookStats(Summarize(samples.Where(s => s.StartedAt >= dayAgo)), Summarize(samples), hourly, daily);
    }

    private static WindowStats Summarize(IEnumerable<Sample> window)
    {
        var list = window.ToList();
        var latencies = list.Where(s => s.Answered).Select(s => s.DurationMs).Order().ToArray();
        return new WindowStats(list.Count, list.Count(s => s.Succeeded), Percentile(latencies, 0.5), Percentile(latencies, 0.95));
    }

    /// <summary>Nearest-rank percentile of sorted values; null for none.</summary>
    internal static int? Percentile(int[] sorted, double p) =>
        sorted.Length == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
