using System.Data.Common;

namespace Dashboard.Data;

/// <summary>
/// How an event row and a delivery row are inserted on the writer thread, prepared once and queued on a
/// <see cref="StatementBatch"/> (on PostgreSQL a publish is one round trip): the outbox's publishes and the test-fire's
/// one-off delivery both write them here. Values as EF Core writes them (see <see cref="Sql"/>).
/// </summary>
public sealed class EventRows(DbConnection connection) : IDisposable
{
    private const string DeliveryColumns = "Id, AccountId, EventId, WebhookId, EventName, Status, Attempts, NextAttemptAt, LeaseOwner, LeaseExpiresAt, CreatedAt";
    private static readonly string DeliveryValues = $"@id, @account, @event, @webhook, @name, {SqlStatus.Pending}, 0, @next, @owner, @expires, @now";
    /// <summary>The parameters of a delivery's insert, as <see cref="DeliveryRow.Values(string?, DateTime?)"/> gives them.</summary>
    public static readonly string[] DeliveryParameters = ["@id", "@account", "@event", "@webhook", "@name", "@now", "@next", "@owner", "@expires"];

    private readonly DbCommand _event = Sql.Command(connection, """
        INSERT INTO Events (Id, AccountId, Name, Payload, CreatedAt, IdempotencyKey, DeliveryCount, TraceParent)
        VALUES (@id, @account, @name, @payload, @now, @key, @count, @trace)
        """, "@id", "@account", "@name", "@payload", "@now", "@key", "@count", "@trace");

    private readonly DbCommand _delivery = Sql.Command(connection, $"INSERT INTO Deliveries ({DeliveryColumns}) VALUES ({DeliveryValues})", DeliveryParameters);

    // The unleased row of a delivery offered to a dispatcher, inserted only where the leased one was not (see InsertDeliveryWhere).
    private readonly DbCommand _deliveryUnlessPresent = Sql.Command(connection,
        InsertDeliveryWhere("NOT EXISTS (SELECT 1 FROM Deliveries WHERE Id = @id)", leased: false), DeliveryParameters[..^2]);

    /// <summary>
    /// A delivery's insert that happens only where <paramref name="condition"/> holds, for a decision the database makes in
    /// the same round trip (the dispatch hand-off). Unleased, the lease columns are NULL literals: a parameter without a
    /// value would leave PostgreSQL no type to read it as in a SELECT list.
    /// </summary>
    public static string InsertDeliveryWhere(string condition, bool leased) =>
        $"INSERT INTO Deliveries ({DeliveryColumns}) SELECT {(leased ? DeliveryValues : DeliveryValues.Replace("@owner, @expires", "NULL, NULL"))} WHERE {condition}";

    /// <param name="traceParent">The W3C trace context the event's attempts join (see <see cref="Events.ChatEvent.TraceParent"/>).</param>
    public void AddEvent(StatementBatch batch, Guid eventId, int accountId, string name, string payload, DateTime now, string? idempotencyKey, int deliveries,
        string? traceParent = null) =>
        batch.Add(_event, ("@id", eventId), ("@account", accountId), ("@name", name), ("@payload", payload),
            ("@now", UtcTicksConverter.ToTicks(now)), ("@key", idempotencyKey), ("@count", deliveries), ("@trace", traceParent));

    /// <summary>
    /// A pending delivery, due at <paramref name="row"/>'s time (or never, for a try made by hand), leased with
    /// <paramref name="lease"/> until <paramref name="leaseExpires"/> when a dispatcher already holds it.
    /// </summary>
    public int AddDelivery(StatementBatch batch, DeliveryRow row, string? lease = null, DateTime? leaseExpires = null) =>
        batch.Add(_delivery, row.Values(lease, leaseExpires));

    /// <summary>The delivery unleased, unless a statement before it in the batch inserted it (leased) already (see <see cref="InsertDeliveryWhere"/>).</summary>
    public void AddDeliveryUnlessPresent(StatementBatch batch, DeliveryRow row) => batch.Add(_deliveryUnlessPresent, row.Values());

    public void Dispose()
    {
        _event.Dispose();
        _delivery.Dispose();
        _deliveryUnlessPresent.Dispose();
    }
}

/// <summary>A fresh delivery row: whose, of which event, to which webhook, created <see cref="Now"/> and due at <see cref="Next"/> (null: never claimed).</summary>
public sealed record DeliveryRow(Guid Id, int AccountId, Guid EventId, int WebhookId, string EventName, DateTime Now, DateTime? Next)
{
    /// <summary>Its parameters as the delivery inserts name them, without the lease's two.</summary>
    public (string Name, object? Value)[] Values() =>
        [("@id", Id), ("@account", AccountId), ("@event", EventId), ("@webhook", WebhookId), ("@name", EventName),
         ("@now", UtcTicksConverter.ToTicks(Now)), ("@next", Sql.Ticks(Next))];

    /// <summary>Its parameters with the lease's (none: both NULL), in the order of <see cref="EventRows.DeliveryParameters"/>.</summary>
    public (string Name, object? Value)[] Values(string? lease, DateTime? leaseExpires) =>
        [.. Values(), ("@owner", lease), ("@expires", Sql.Ticks(leaseExpires))];
}
