using Dashboard.Data;
using Dashboard.Dispatch;

namespace Dashboard.Events;

/// <summary>
/// Writes a publish on the <see cref="SqliteWriter"/>'s thread: the event and one pending delivery per subscribed active
/// webhook, as raw prepared inserts, committed with whatever else has queued (group commit). Each caller returns only
/// after that commit, so "accepted" means "stored with its deliveries". An idempotency key is looked up in the same
/// transaction, so two requests with one key can never both store an event. (One EF Core transaction per event cost
/// ~4 ms of CPU on the bench machine: bench/where-the-time-goes.md.)
/// Deliveries the dispatcher has a free slot for are handed to it directly (<see cref="DispatchHandOff"/>); the rest wait
/// for its claim.
/// </summary>
public sealed class OutboxWriter(DispatchSignal signal, DispatchHandOff handOff, SqliteWriter writer)
{
    public async Task<PublishResult> PublishAsync(int accountId, string name, string payload, Guid eventId, DateTime now, string? idempotencyKey = null)
    {
        var (result, handed) = await writer.RunAsync(context =>
        {
            var handed = new List<(DispatchHandOff.Taken Taken, ClaimedDelivery Delivery)>();
            var statements = context.Prepared(c => new OutboxStatements(c));
            if (idempotencyKey is not null && statements.Earlier(context.Transaction, accountId, idempotencyKey) is { } earlier)
            {
                if (earlier.CreatedAt > now - EventPublisher.IdempotencyWindow) return (new PublishResult(earlier.Id, earlier.DeliveryCount, Replayed: true), handed);
                statements.ReleaseKey(context.Transaction, earlier.Id); // its window has passed: the key is free for this event
            }
            // Subscriptions cannot change inside the transaction: one look-up per event name serves the whole group.
            var webhooks = context.Memo((typeof(OutboxWriter), accountId, name), () => statements.Subscribed(context.Transaction, accountId, name));
            statements.InsertEvent(context.Transaction, accountId, name, payload, eventId, now, idempotencyKey, webhooks.Count);
            foreach (var webhook in webhooks)
            {
                // Time-ordered ids keep the log's keyset paging and the primary-key index append-only.
                var id = Guid.CreateVersion7(now);
                var taken = TakeUnlessWorkWaits(context, statements, webhook.Id, now);
                statements.InsertDelivery(context.Transaction, id, accountId, eventId, webhook.Id, name, now, taken);
                if (taken is null) continue;
                // Rolled back, the row is gone: the slot goes back (a rerun of this piece takes one anew).
                context.OnRollback(taken.Cancel);
                handed.Add((taken, new ClaimedDelivery(id, accountId, webhook.Id, 0, payload, WebhookActive: true,
                    webhook.Url, webhook.Secret, webhook.PreviousSecretAt(now))));
            }
            return (new PublishResult(eventId, webhooks.Count, Replayed: false), handed);
        });
        foreach (var (taken, delivery) in handed) taken.Start(delivery);
        if (result is { Replayed: false } && result.Deliveries > handed.Count) signal.Notify();
        return result;
    }

    /// <summary>
    /// A dispatcher slot for the webhook, unless due work of that webhook already waits for the claim: a fresh delivery
    /// never goes ahead of it. The slot is asked first, as it is cheap and, under load, mostly refused.
    /// </summary>
    private DispatchHandOff.Taken? TakeUnlessWorkWaits(SqliteWriter.WriteContext context, OutboxStatements statements, int webhookId, DateTime now)
    {
        var taken = handOff.TryTake(webhookId);
        if (taken is null || !statements.HasDueWaiting(context.Transaction, webhookId, now)) return taken;
        taken.Cancel();
        return null;
    }
}
