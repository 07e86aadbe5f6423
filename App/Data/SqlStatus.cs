using Dashboard.Deliveries;
using Dashboard.Webhooks;

namespace Dashboard.Data;

/// <summary>
/// Status values as raw SQL spells them, taken from the enums: the one place a status number is written for SQL
/// (statements, filtered indexes, triggers), so the enums and the SQL cannot drift apart.
/// </summary>
public static class SqlStatus
{
    public const int Pending = (int)DeliveryStatus.Pending;
    public const int Succeeded = (int)DeliveryStatus.Succeeded;
    public const int Failed = (int)DeliveryStatus.Failed;
    public const int Cancelled = (int)DeliveryStatus.Cancelled;

    public const int WebhookActive = (int)WebhookStatus.Active;
    public const int WebhookDisabled = (int)WebhookStatus.Disabled;
}
