using Dashboard.Data;
using Dashboard.Dispatch;

namespace Dashboard.Events;

/// <summary>
/// Writes a publish on the <see cref="SqliteWriter"/>'s thread: the event and one pending delivery per subscribed active
/// webhook, as raw prepared inserts, committed with whatever else has queued (group commit). Each caller returns only
/// after that commit, so "accepted" means "stored with its deliveries". An idempotency key is looked up in the same
/// transaction, so two requests with one key can never both store an event. (One EF Core transaction per event cost
/// ~4 ms of CPU on the bench machine: bench/where-the-time-goes.md.)
/// </summary>
public sealed class OutboxWriter(DispatchSignal signal, SqliteWriter writer)
{
    public async Task<PublishResult> PublishAsync(int accountId, string name, string payload, Guid eventId, DateTime now, string? idempotencyKey = null)
    {
        var result = await writer.RunAsync(context =>
        {
            var statements = context.Prepared(c => new OutboxStatements(c));
            if (idempotencyKey is not null && statements.Earlier(context.Transaction, accountId, idempotencyKey) is { } earlier)
            {
                if (earlier.CreatedAt > now - EventPublisher.IdempotencyWindow) return new PublishResult(earlier.Id, earlier.DeliveryCount, Replayed: true);
                statements.ReleaseKey(context.Transaction, earlier.Id); // its window has passed: the key is free for this event
            }
            // Subscriptions cannot change inside the transaction: one look-up per event name serves the whole group.
            var webhooks = context.Memo((typeof(OutboxWriter), accountId, name), () => statements.Subscribed(context.Transaction, accountId, name));
            statements.Insert(context.Transaction, accountId, name, payload, eventId, now, idempotencyKey, webhooks);
            return new PublishResult(eventId, webhooks.Count, Replayed: false);
        });
        if (result is { Replayed: false, Deliveries: > 0 }) signal.Notify();
        return result;
    }
}
