using System.Data.Common;

namespace Dashboard.Data;

/// <summary>
/// How an event row and a delivery row are inserted on the writer thread, prepared once: the outbox's publishes and
/// the test-fire's one-off delivery both write them here. Values as EF Core writes them (see <see cref="Sql"/>).
/// </summary>
public sealed class EventRows(DbConnection connection) : IDisposable
{
    private readonly DbCommand _event = Sql.Command(connection, """
        INSERT INTO Events (Id, AccountId, Name, Payload, CreatedAt, IdempotencyKey, DeliveryCount, TraceParent)
        VALUES (@id, @account, @name, @payload, @now, @key, @count, @trace)
        """, "@id", "@account", "@name", "@payload", "@now", "@key", "@count", "@trace");

    private readonly DbCommand _delivery = Sql.Command(connection, $"""
        INSERT INTO Deliveries (Id, AccountId, EventId, WebhookId, EventName, Status, Attempts, NextAttemptAt, LeaseOwner, LeaseExpiresAt, CreatedAt)
        VALUES (@id, @account, @event, @webhook, @name, {SqlStatus.Pending}, 0, @next, @owner, @expires, @now)
        """, "@id", "@account", "@event", "@webhook", "@name", "@now", "@next", "@owner", "@expires");

    /// <param name="traceParent">The W3C trace context the event's attempts join (see <see cref="Events.ChatEvent.TraceParent"/>).</param>
    public void InsertEvent(DbTransaction tx, Guid eventId, int accountId, string name, string payload, DateTime now, string? idempotencyKey, int deliveries,
        string? traceParent = null) =>
        Sql.Bind(_event, tx, ("@id", eventId), ("@account", accountId), ("@name", name), ("@payload", payload),
            ("@now", UtcTicksConverter.ToTicks(now)), ("@key", idempotencyKey), ("@count", deliveries), ("@trace", traceParent)).ExecuteNonQuery();

    /// <summary>
    /// A pending delivery, due at <paramref name="next"/> (null: never claimed, for a try made by hand), leased with
    /// <paramref name="lease"/> until <paramref name="leaseExpires"/> when a dispatcher already holds it.
    /// </summary>
    public void InsertDelivery(DbTransaction tx, Guid id, int accountId, Guid eventId, int webhookId, string eventName, DateTime now,
        DateTime? next, string? lease = null, DateTime? leaseExpires = null) =>
        Sql.Bind(_delivery, tx, ("@id", id), ("@account", accountId), ("@event", eventId), ("@webhook", webhookId),
            ("@name", eventName), ("@now", UtcTicksConverter.ToTicks(now)), ("@next", Sql.Ticks(next)), ("@owner", lease),
            ("@expires", Sql.Ticks(leaseExpires))).ExecuteNonQuery();

    public void Dispose()
    {
        _event.Dispose();
        _delivery.Dispose();
    }
}
