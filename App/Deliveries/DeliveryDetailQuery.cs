using Dashboard.Webhooks;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Deliveries;

/// <summary>One delivery with what was sent (the event payload) and every try, oldest first.</summary>
public sealed record DeliveryDetail(Delivery Delivery, string? Payload, string? WebhookName, string? WebhookUrl, IReadOnlyList<Attempt> Attempts,
    WebhookStatus? WebhookStatus = null, string? WebhookDisabledReason = null)
{
    public string WebhookLabel => Webhook.LabelOf(WebhookName, WebhookUrl, Delivery.WebhookId);

    public bool WebhookDisabled => WebhookStatus == Webhooks.WebhookStatus.Disabled;

    /// <summary>The webhook is disabled because its receiver answered 410 Gone, and this delivery got that answer.</summary>
    public bool DisabledItsWebhook =>
        WebhookDisabled && WebhookDisabledReason == Dispatch.RetryPolicy.GoneReason && Attempts.Any(a => a.ResponseStatus == 410);
}

public sealed class DeliveryDetailQuery(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>Null when the delivery does not exist in this account.</summary>
    public async Task<DeliveryDetail?> FindAsync(int accountId, Guid deliveryId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var delivery = await db.DeliveriesOf(accountId).AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId, ct);
        if (delivery is null) return null;

        var payload = await db.EventsOf(accountId).AsNoTracking()
            .Where(e => e.Id == delivery.EventId).Select(e => e.Payload).FirstOrDefaultAsync(ct);
        var webhook = await db.WebhooksOf(accountId).AsNoTracking()
            .Where(w => w.Id == delivery.WebhookId).Select(w => new { w.Name, w.Url, w.Status, w.DisabledReason }).FirstOrDefaultAsync(ct);
        var attempts = await db.AttemptsOf(accountId).AsNoTracking()
            .Where(a => a.DeliveryId == deliveryId)
            .OrderBy(a => a.Number).ThenBy(a => a.Id).ToListAsync(ct);

        return new DeliveryDetail(delivery, payload, webhook?.Name, webhook?.Url, attempts, webhook?.Status, webhook?.DisabledReason);
    }
}
