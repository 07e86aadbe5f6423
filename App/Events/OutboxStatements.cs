using Dashboard.Data;
using Dashboard.Dispatch;
using Microsoft.Data.Sqlite;

namespace Dashboard.Events;

/// <summary>The outbox writer's SQL, prepared once on the writer's connection; values written as EF Core writes them (upper-case Guid text, UTC ticks).</summary>
internal sealed class OutboxStatements(SqliteConnection connection) : IDisposable
{
    private readonly SqliteCommand _subscribed = Sql.Command(connection, """
        SELECT w.Id FROM Webhooks AS w
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

    private readonly SqliteCommand _delivery = Sql.Command(connection, """
        INSERT INTO Deliveries (Id, AccountId, EventId, WebhookId, EventName, Status, Attempts, NextAttemptAt, CreatedAt)
        VALUES ($id, $account, $event, $webhook, $name, 0, 0, $now, $now)
        """, "$id", "$account", "$event", "$webhook", "$name", "$now");

    public List<int> Subscribed(SqliteTransaction tx, int accountId, string name)
    {
        var ids = new List<int>();
        using var reader = Sql.Bind(_subscribed, tx, ("$account", accountId), ("$name", name)).ExecuteReader();
        while (reader.Read()) ids.Add(reader.GetInt32(0));
        return ids;
    }

    /// <summary>The event stored earlier with this idempotency key, if any.</summary>
    public (Guid Id, int DeliveryCount, DateTime CreatedAt)? Earlier(SqliteTransaction tx, int accountId, string key)
    {
        using var reader = Sql.Bind(_earlier, tx, ("$account", accountId), ("$key", key)).ExecuteReader();
        return reader.Read() ? (reader.GetGuid(0), reader.GetInt32(1), new DateTime(reader.GetInt64(2), DateTimeKind.Utc)) : null;
    }

    public void ReleaseKey(SqliteTransaction tx, Guid eventId) => Sql.Bind(_releaseKey, tx, ("$id", Sql.Id(eventId))).ExecuteNonQuery();

    public void Insert(SqliteTransaction tx, int accountId, string name, string payload, Guid eventId, DateTime now, string? key, List<int> webhooks)
    {
        var ticks = UtcTicksConverter.ToTicks(now);
        var eventText = Sql.Id(eventId);
        Sql.Bind(_event, tx, ("$id", eventText), ("$account", accountId), ("$name", name), ("$payload", payload), ("$now", ticks),
            ("$key", key), ("$count", webhooks.Count)).ExecuteNonQuery();
        foreach (var webhook in webhooks)
        {
            // Time-ordered ids keep the log's keyset paging and the primary-key index append-only.
            Sql.Bind(_delivery, tx, ("$id", Sql.Id(Guid.CreateVersion7(now))), ("$account", accountId), ("$event", eventText), ("$webhook", webhook),
                ("$name", name), ("$now", ticks)).ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        _subscribed.Dispose();
        _event.Dispose();
        _delivery.Dispose();
        _earlier.Dispose();
        _releaseKey.Dispose();
    }
}
