using System.Globalization;
using Dashboard.Components.Shared;

namespace Dashboard.Webhooks;

/// <summary>What the stats panel's charts draw, in words: the text alternative beside each chart.</summary>
public static class StatsText
{
    /// <summary>"1 try in 1 of 24 hours: 0 % succeeded. Worst: 09:00, 0 % of 1 try."</summary>
    public static string Success(IReadOnlyList<StatsBucket> buckets, WindowStats window, Func<StatsBucket, string> label)
    {
        var tried = buckets.Where(b => b.Stats.Attempts > 0).ToList();
        if (tried.Count == 0) return "No tries in this period.";
        var unit = buckets.Count == 24 ? "hours" : "days";
        var text = $"{DisplayFormat.Count(window.Attempts, "try", "tries")} in {tried.Count} of {buckets.Count} {unit}: {Percent(window.SuccessRate)} succeeded.";
        var worst = tried.MinBy(b => b.Stats.SuccessRate)!;
        if (worst.Stats.SuccessRate < 1)
            text += $" Worst: {label(worst)}, {Percent(worst.Stats.SuccessRate)} of {DisplayFormat.Count(worst.Stats.Attempts, "try", "tries")}.";
        return text;
    }

    /// <summary>"Median 130 ms, p95 1.2 s. Slowest: 09:00 (p95 1.2 s)."</summary>
    public static string Latency(IReadOnlyList<StatsBucket> buckets, WindowStats window, Func<StatsBucket, string> label)
    {
        if (window.MedianMs is null) return "No answers in this period, so no latency.";
        var slowest = buckets.Where(b => b.Stats.P95Ms is not null).MaxBy(b => b.Stats.P95Ms)!;
        return $"Median {DisplayFormat.Duration(window.MedianMs)}, p95 {DisplayFormat.Duration(window.P95Ms)}. " +
               $"Slowest: {label(slowest)} (p95 {DisplayFormat.Duration(slowest.Stats.P95Ms)}).";
    }

    public static string Percent(double? rate) => rate is double r ? (r * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "—";
}
