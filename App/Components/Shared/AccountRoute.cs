using System.Text.RegularExpressions;

namespace Dashboard.Components.Shared;

/// <summary>Addresses of account pages, the one place they are spelled: every page of an account lives under <c>/accounts/{id}</c>.</summary>
public static partial class AccountRoute
{
    public static string Home(int accountId) => $"/accounts/{accountId}";
    public static string Integrations(int accountId) => $"/accounts/{accountId}/settings/integrations";
    public static string Webhooks(int accountId) => $"/accounts/{accountId}/settings/integrations/webhooks";
    public static string WebhookEvents(int accountId) => $"{Webhooks(accountId)}/events";
    public static string Webhook(int accountId, int webhookId) => $"{Webhooks(accountId)}/{webhookId}";
    public static string Deliveries(int accountId) => $"/accounts/{accountId}/deliveries";
    public static string Delivery(int accountId, Guid deliveryId) => $"{Deliveries(accountId)}/{deliveryId}";

    /// <summary>The profile belongs to the user, not an account; the account it was opened from rides along, so the menu keeps it.</summary>
    public static string Profile(int? fromAccountId) => fromAccountId is int id ? $"/profile?account={id}" : "/profile";

    public static int? AccountIdFrom(string uri)
    {
        var match = AccountSegment().Match(uri);
        if (!match.Success) match = ProfileAccount().Match(uri);
        return match.Success && int.TryParse(match.Groups[1].Value, out var id) ? id : null;
    }

    [GeneratedRegex(@"/accounts/(\d+)(?:[/?#]|$)")]
    private static partial Regex AccountSegment();

    [GeneratedRegex(@"/profile\?(?:[^#]*&)?account=(\d+)(?:[&#]|$)")]
    private static partial Regex ProfileAccount();
}
