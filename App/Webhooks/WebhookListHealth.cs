using Dashboard.Deliveries;

namespace Dashboard.Webhooks;

/// <summary>The newest delivery of a webhook as the list shows it: how it went and when.</summary>
public sealed record LastDelivery(DeliveryStatus Status, int Attempts, int? StatusCode, string? Error, DateTime? LastAttemptAt, DateTime? NextAttemptAt, DateTime CreatedAt)
{
    /// <summary>"HTTP 500", "Timeout after 15 s", "Not tried yet".</summary>
    public string Result => Attempts == 0 ? "Not tried yet" : StatusCode is int code ? $"HTTP {code}" : Error ?? "No answer";

    /// <summary>When it last happened: the last try, else when it was created.</summary>
    public DateTime At => LastAttemptAt ?? CreatedAt;

    public bool Failed => Attempts > 0 && Status != DeliveryStatus.Succeeded && (StatusCode is null || StatusCode is < 200 or >= 300);
}

/// <summary>One webhook's row health: its newest delivery and its tries of the last 24 hours (from the hourly counts).</summary>
public sealed record WebhookListHealth(int WebhookId, LastDelivery? Last, int Attempts24h, int Succeeded24h)
{
    public static readonly WebhookListHealth None = new(0, null, 0, 0);

    /// <summary>Share of the last 24 hours' tries that failed; null without tries.</summary>
    public double? ErrorRate => Attempts24h == 0 ? null : (double)(Attempts24h - Succeeded24h) / Attempts24h;

    /// <summary>"100 % errors (12 tries, 24 h)", "0 % errors (3 tries, 24 h)", "No tries in 24 h".</summary>
    public string ErrorRateText => ErrorRate is double rate
        ? $"{Percent(rate)} errors ({Components.Shared.DisplayFormat.Count(Attempts24h, "try", "tries")}, 24 h)"
        : "No tries in 24 h";

    // Whole percent, but never rounded to 0 % or 100 % when some tries went the other way.
    private static string Percent(double rate)
    {
        var whole = Math.Round(rate * 100);
        if (whole == 0 && rate > 0) return "<1 %";
        if (whole == 100 && rate < 1) return ">99 %";
        return $"{whole:0} %";
    }
}
