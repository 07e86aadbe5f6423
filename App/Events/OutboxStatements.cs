using Dashboard.Data;
using Dashboard.Dispatch;
using Dashboard.Webhooks;
using Microsoft.Data.Sqlite;

namespace Dashboard.Events;

/// <summary>An active webhook subscribed to the event, with what sending to it needs.</summary>
internal sealed record Subscriber(int Id, string Url, string Secret, string? PreviousSecret, DateTime? PreviousSecretExpiresAt)
{
    public string? PreviousSecretAt(DateTime now) => WebhookSecret.PreviousStillSigning(PreviousSecret, PreviousSecretExpiresAt, now);
}

/// <summary>The outbox writer's SQL, prepared once on the writer's connection; values written as EF Core writes them (upper-case Guid text, UTC ticks).</summary>
internal sealed class OutboxStatements(SqliteConnection connection) : IDisposable
{
    private readonly SqliteCommand _subscribed = Sql.Command(connection, """
        SELECT w.Id, w.Url, w.Secret, w.PreviousSecret, w.PreviousSecretExpiresAt FROM Webhooks AS w
        WHERE w.AccountId = $account AND w.Status = 0 AND EXISTS (SELECT 1 FROM json_each(w.Subscriptions) AS s WHERE s.value = $name)
        ORDER BY w.Id
        """, "$account", "$name");

    private readonly SqliteCommand _event = Sql.Command(connection, """
        INSERT INTO Events (Id, AccountId, Name, Payload, CreatedAt, IdempotencyKey, DeliveryCount)
        VALUES ($id, $account, $name, $payload, $now, $key, $count)
        """, "$id", "$account", "$name", "$payload", "$now", "$key", "$count");

    private readonly SqliteCommand _earlier = Sql.Command(connection,
        "SELECT Id, DeliveryCount, CreatedAt FROM Events WHERE AccountId = $account AND IdempotencyKey = $key", "$account", "$key");

    private readonly SqliteCommand _releaseKey = Sql.Command(connection, "UPDATE Events SET IdempotencyKey = NULL WHERE Id = $id", "$id");

    // Due work of this webhook that nobody holds (a retry that came due, a delivery that found no free slot): a fresh
    // delivery must queue behind it, not take the next free slot ahead of it. A seek into the claim index, stepping over
    // the webhook's few rows in flight.
    private readonly SqliteCommand _dueWaiting = Sql.Command(connection, $"""
        SELECT EXISTS (SELECT 1 FROM Deliveries INDEXED BY IX_Deliveries_Claim WHERE WebhookId = $webhook AND {ClaimStatements.Claimable})
        """, "$webhook", "$now");

    private readonly SqliteCommand _delivery = Sql.Command(connection, """
        INSERT INTO Deliveries (Id, AccountId, EventId, WebhookId, EventName, Status, Attempts, NextAttemptAt, LeaseOwner, LeaseExpiresAt, CreatedAt)
        VALUES ($id, $account, $event, $webhook, $name, 0, 0, $now, $owner, $expires, $now)
        """, "$id", "$account", "$event", "$webhook", "$name", "$now", "$owner", "$expires");

    public List<Subscriber> Subscribed(SqliteTransaction tx, int accountId, string name)
    {
        var subscribers = new List<Subscriber>();
        using var reader = Sql.Bind(_subscribed, tx, ("$account", accountId), ("$name", name)).ExecuteReader();
        while (reader.Read())
            subscribers.Add(new Subscriber(reader.GetInt32(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), Sql.ReadTime(reader, 4)));
        return subscribers;
    }

    /// <summary>The event stored earlier with this idempotency key, if any.</summary>
    public (Guid Id, int DeliveryCount, DateTime CreatedAt)? Earlier(SqliteTransaction tx, int accountId, string key)
    {
        using var reader = Sql.Bind(_earlier, tx, ("$account", accountId), ("$key", key)).ExecuteReader();
        return reader.Read() ? (reader.GetGuid(0), reader.GetInt32(1), new DateTime(reader.GetInt64(2), DateTimeKind.Utc)) : null;
    }

    public void ReleaseKey(SqliteTransaction tx, Guid eventId) => Sql.Bind(_releaseKey, tx, ("$id", Sql.Id(eventId))).ExecuteNonQuery();

    /// <summary>True when the webhook has due, unleased deliveries waiting for the claim.</summary>
    public bool HasDueWaiting(SqliteTransaction tx, int webhookId, DateTime now) =>
        Sql.Bind(_dueWaiting, tx, ("$webhook", webhookId), ("$now", UtcTicksConverter.ToTicks(now))).ExecuteScalar() is 1L;

    public void InsertEvent(SqliteTransaction tx, int accountId, string name, string payload, Guid eventId, DateTime now, string? key, int deliveries) =>
        Sql.Bind(_event, tx, ("$id", Sql.Id(eventId)), ("$account", accountId), ("$name", name), ("$payload", payload),
            ("$now", UtcTicksConverter.ToTicks(now)), ("$key", key), ("$count", deliveries)).ExecuteNonQuery();

    /// <summary>A pending delivery of the event, leased to a dispatcher that has already taken it when <paramref name="taken"/> is set.</summary>
    public void InsertDelivery(SqliteTransaction tx, Guid id, int accountId, Guid eventId, int webhookId, string name, DateTime now,
        DispatchHandOff.Taken? taken) =>
        Sql.Bind(_delivery, tx, ("$id", Sql.Id(id)), ("$account", accountId), ("$event", Sql.Id(eventId)), ("$webhook", webhookId),
            ("$name", name), ("$now", UtcTicksConverter.ToTicks(now)), ("$owner", taken?.Owner), ("$expires", Sql.Ticks(taken?.LeaseExpires))).ExecuteNonQuery();

    public void Dispose()
    {
        _subscribed.Dispose();
        _event.Dispose();
        _delivery.Dispose();
        _earlier.Dispose();
        _releaseKey.Dispose();
        _dueWaiting.Dispose();
    }
}
