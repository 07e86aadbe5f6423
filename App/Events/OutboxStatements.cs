using Dashboard.Data;
using Dashboard.Dispatch;
using System.Data.Common;

namespace Dashboard.Events;

/// <summary>An active webhook subscribed to the event, with what sending to it needs.</summary>
internal sealed record Subscriber(int Id, SigningKeys Keys);

/// <summary>The outbox writer's look-ups, prepared once on the writer's connection (the rows themselves: <see cref="EventRows"/>).</summary>
internal sealed class OutboxStatements(DbConnection connection, SqlDialect dialect) : IDisposable
{
    private readonly DbCommand _subscribed = Sql.Command(connection, $"""
        SELECT w.Id, {SigningKeys.Columns} FROM Webhooks AS w
        WHERE w.AccountId = @account AND w.Status = {SqlStatus.WebhookActive} AND {dialect.ListContains("w.Subscriptions", "@name")}
        ORDER BY w.Id
        """, "@account", "@name");

    private readonly DbCommand _earlier = Sql.Command(connection,
        "SELECT Id, DeliveryCount, CreatedAt FROM Events WHERE AccountId = @account AND IdempotencyKey = @key", "@account", "@key");

    private readonly DbCommand _releaseKey = Sql.Command(connection, "UPDATE Events SET IdempotencyKey = NULL WHERE Id = @id", "@id");

    public List<Subscriber> Subscribed(DbTransaction tx, int accountId, string name, DateTime now)
    {
        var subscribers = new List<Subscriber>();
        using var reader = Sql.Bind(_subscribed, tx, ("@account", accountId), ("@name", name)).ExecuteReader();
        while (reader.Read())
            subscribers.Add(new Subscriber(reader.GetInt32(0), SigningKeys.Read(reader, 1, now)));
        return subscribers;
    }

    /// <summary>The event stored earlier with this idempotency key, if any.</summary>
    public (Guid Id, int DeliveryCount, DateTime CreatedAt)? Earlier(DbTransaction tx, int accountId, string key)
    {
        using var reader = Sql.Bind(_earlier, tx, ("@account", accountId), ("@key", key)).ExecuteReader();
        return reader.Read() ? (reader.GetGuid(0), reader.GetInt32(1), new DateTime(reader.GetInt64(2), DateTimeKind.Utc)) : null;
    }

    public void ReleaseKey(DbTransaction tx, Guid eventId) => Sql.Bind(_releaseKey, tx, ("@id", eventId)).ExecuteNonQuery();

    public void Dispose()
    {
        _subscribed.Dispose();
        _earlier.Dispose();
        _releaseKey.Dispose();
    }
}
