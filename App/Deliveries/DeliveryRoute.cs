namespace Dashboard.Deliveries;

/// <summary>Addresses of the log pages.</summary>
public static class DeliveryRoute
{
    public static string Log(int accountId) => $"/accounts/{accountId}/deliveries";
    public static string Detail(int accountId, Guid deliveryId) => $"/accounts/{accountId}/deliveries/{deliveryId}";
    public static string Webhook(int accountId, int webhookId) => $"/accounts/{accountId}/settings/integrations/webhooks/{webhookId}";
}
