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
        var handed = new List<(DispatchHandOff.Taken Taken, ClaimedDelivery Delivery)>();
        PublishResult result;
        try
        {
            result = await writer.RunAsync(context =>
            {
                // A rerun after the group it was in failed (SqliteWriter.RunGroup): that run's rows were rolled back.
                CancelAll(handed);
                var statements = context.Prepared(c => new OutboxStatements(c));
                if (idempotencyKey is not null && statements.Earlier(context.Transaction, accountId, idempotencyKey) is { } earlier)
                {
                    if (earlier.CreatedAt > now - EventPublisher.IdempotencyWindow) return new PublishResult(earlier.Id, earlier.DeliveryCount, Replayed: true);
                    statements.ReleaseKey(context.Transaction, earlier.Id); // its window has passed: the key is free for this event
                }
                // Subscriptions cannot change inside the transaction: one look-up per event name serves the whole group.
                var webhooks = context.Memo((typeof(OutboxWriter), accountId, name), () => statements.Subscribed(context.Transaction, accountId, name));
                statements.InsertEvent(context.Transaction, accountId, name, payload, eventId, now, idempotencyKey, webhooks.Count);
                foreach (var webhook in webhooks)
                {
                    // Time-ordered ids keep the log's keyset paging and the primary-key index append-only.
                    var id = Guid.CreateVersion7(now);
                    // Never ahead of due work already waiting for this webhook: then the claim takes both, oldest first.
                    var taken = statements.HasDueWaiting(context.Transaction, webhook.Id, now) ? null : handOff.TryTake(webhook.Id);
                    statements.InsertDelivery(context.Transaction, id, accountId, eventId, webhook.Id, name, now, taken);
                    if (taken is not null)
                        handed.Add((taken, new ClaimedDelivery(id, accountId, webhook.Id, 0, payload, WebhookActive: true,
                            webhook.Url, webhook.Secret, webhook.PreviousSecretAt(now))));
                }
                return new PublishResult(eventId, webhooks.Count, Replayed: false);
            });
        }
        catch
        {
            CancelAll(handed);
            throw;
        }
        foreach (var (taken, delivery) in handed) taken.Start(delivery);
        if (result is { Replayed: false } && result.Deliveries > handed.Count) signal.Notify();
        return result;
    }

    private static void CancelAll(List<(DispatchHandOff.Taken Taken, ClaimedDelivery Delivery)> handed)
    {
        foreach (var (taken, _) in handed) taken.Cancel();
        handed.Clear();
    }
}
