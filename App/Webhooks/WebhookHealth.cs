using Dashboard.Components.Shared;

namespace Dashboard.Webhooks;

public enum HealthState { Active, Failing, Disabled }

/// <summary>What the admin is told about a webhook's state, in words.</summary>
public sealed record WebhookHealth(HealthState State, string Summary)
{
    public static WebhookHealth Of(Webhook webhook, DateTime now)
    {
        if (webhook.Status == WebhookStatus.Disabled) return new(HealthState.Disabled, DisabledText(webhook) + ".");
        if (webhook.FailingSince is { } since)
            return new(HealthState.Failing, $"Failing: deliveries have failed for {DisplayFormat.Span(now - since)} (since {DisplayFormat.Time(since)}). Any success clears this.");
        return new(HealthState.Active, "Active: deliveries are going through.");
    }

    /// <summary>Why and since when a webhook is disabled, e.g. "Disabled: Receiver answered 410 Gone (since 2026-12-01 10:00:00 UTC)".</summary>
    public static string DisabledText(Webhook webhook) =>
        Disabled(Webhook.ReasonOf(webhook.DisabledReason)) +
        (webhook.DisabledAt is { } at ? $" (since {DisplayFormat.Time(at)})" : "");

    // Reasons like "Disabled by an admin" already say so; others ("Receiver answered 410 Gone") get the prefix.
    private static string Disabled(string reason) => reason.StartsWith("Disabled", StringComparison.OrdinalIgnoreCase) ? reason : $"Disabled: {reason}";
}
