using System.Text.Json.Nodes;
using Dashboard.Data;
using Dashboard.Deliveries;
using Dashboard.Dispatch;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Events;

/// <summary>
/// The outbox write: the event and one pending delivery per subscribed active webhook, in one transaction.
/// Only then is the dispatcher woken; if the process dies first, the start-up sweep finds the rows.
/// </summary>
public sealed class EventPublisher(
    IDbContextFactory<AppDbContext> dbFactory, DispatchSignal signal, TimeProvider time,
    OutboxWriter? outbox = null, SqliteWriter? writer = null) : IEventPublisher
{
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

    public async Task<PublishResult> PublishAsync(int accountId, JsonObject payload, string? idempotencyKey = null, CancellationToken ct = default)
    {
        var name = EventName(payload) ?? throw new ArgumentException("The payload needs an \"event\" key naming a known event.", nameof(payload));
        var now = time.GetUtcNow().UtcDateTime;

        // The common case goes through group commit; a key needs its look-up in the same transaction, so it takes the EF path.
        if (idempotencyKey is null && outbox is not null)
        {
            var eventId = Guid.CreateVersion7(time.GetUtcNow());
            var count = await outbox.PublishAsync(accountId, name, payload.ToJsonString(), eventId, now);
            return new PublishResult(eventId, count, Replayed: false);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        using var writing = writer is null ? null : await writer.EnterAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        if (idempotencyKey is not null)
        {
            var earlier = await db.Events.Where(e => e.AccountId == accountId && e.IdempotencyKey == idempotencyKey)
                .Select(e => new { e.Id, e.DeliveryCount, e.CreatedAt }).FirstOrDefaultAsync(ct);
            if (earlier is not null && earlier.CreatedAt > now - IdempotencyWindow)
                return new PublishResult(earlier.Id, earlier.DeliveryCount, Replayed: true);
            if (earlier is not null)
                // The key's window has passed: free it for this new event.
                await db.Events.Where(e => e.Id == earlier.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.IdempotencyKey, (string?)null), ct);
        }

        var webhookIds = await db.Webhooks
            .Where(w => w.AccountId == accountId && w.Status == WebhookStatus.Active && w.Subscriptions.Contains(name))
            .Select(w => w.Id).ToListAsync(ct);

        var chatEvent = new ChatEvent
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            AccountId = accountId,
            Name = name,
            Payload = payload.ToJsonString(),
            CreatedAt = now,
            IdempotencyKey = idempotencyKey,
            DeliveryCount = webhookIds.Count,
        };
        db.Events.Add(chatEvent);
        db.Deliveries.AddRange(webhookIds.Select(webhookId => new Delivery
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            AccountId = accountId,
            EventId = chatEvent.Id,
            WebhookId = webhookId,
            EventName = name,
            Status = DeliveryStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        if (webhookIds.Count > 0) signal.Notify();
        return new PublishResult(chatEvent.Id, webhookIds.Count, Replayed: false);
    }

    /// <summary>The known event name in the payload's <c>event</c> key, or null.</summary>
    public static string? EventName(JsonObject payload) =>
        payload["event"] is JsonValue v && v.TryGetValue<string>(out var name) && EventCatalog.IsKnown(name) ? name : null;
}
