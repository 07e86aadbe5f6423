using Dashboard.Data;
using Dashboard.Dispatch;

namespace Dashboard.Events;

/// <summary>
/// The outbox write of a publish without an idempotency key: the event and one pending delivery per subscribed active
/// webhook, as raw prepared inserts on the <see cref="SqliteWriter"/>'s writer thread, which commits the publishes
/// that arrive together in one transaction (group commit). Each caller returns only after that commit, so "accepted"
/// still means "stored with its deliveries". One EF Core transaction per event cost ~4 ms of CPU on the bench machine
/// (bench/where-the-time-goes.md).
/// </summary>
public sealed class OutboxWriter(DispatchSignal signal, SqliteWriter writer)
{
    /// <summary>Writes the event and its deliveries; returns the delivery count once committed.</summary>
    public async Task<int> PublishAsync(int accountId, string name, string payload, Guid eventId, DateTime now)
    {
        var count = await writer.RunAsync(context =>
        {
            var statements = context.Prepared(c => new OutboxStatements(c));
            // Subscriptions cannot change inside the transaction: one look-up per event name serves the whole group.
            var webhooks = context.Memo((typeof(OutboxWriter), accountId, name), () => statements.Subscribed(context.Transaction, accountId, name));
            statements.Insert(context.Transaction, accountId, name, payload, eventId, now, webhooks);
            return webhooks.Count;
        });
        if (count > 0) signal.Notify();
        return count;
    }
}
