using Dashboard.Data;
using Microsoft.Data.Sqlite;

namespace Dashboard.Events;

/// <summary>The outbox writer's SQL, prepared once on the writer's connection; values written as EF Core writes them (upper-case Guid text, UTC ticks).</summary>
internal sealed class OutboxStatements(SqliteConnection connection) : IDisposable
{
    private readonly SqliteCommand _subscribed = Create(connection, """
        SELECT w.Id FROM Webhooks AS w
        WHERE w.AccountId = $account AND w.Status = 0 AND EXISTS (SELECT 1 FROM json_each(w.Subscriptions) AS s WHERE s.value = $name)
        ORDER BY w.Id
        """, "$account", "$name");

    private readonly SqliteCommand _event = Create(connection, """
        INSERT INTO Events (Id, AccountId, Name, Payload, CreatedAt, IdempotencyKey, DeliveryCount)
        VALUES ($id, $account, $name, $payload, $now, $key, $count)
        """, "$id", "$account", "$name", "$payload", "$now", "$key", "$count");

    private readonly SqliteCommand _earlier = Create(connection,
        "SELECT Id, DeliveryCount, CreatedAt FROM Events WHERE AccountId = $account AND IdempotencyKey = $key", "$account", "$key");

    private readonly SqliteCommand _releaseKey = Create(connection, "UPDATE Events SET IdempotencyKey = NULL WHERE Id = $id", "$id");

    private readonly SqliteCommand _delivery = Create(connection, """
        INSERT INTO Deliveries (Id, AccountId, EventId, WebhookId, EventName, Status, Attempts, NextAttemptAt, CreatedAt)
        VALUES ($id, $account, $event, $webhook, $name, 0, 0, $now, $now)
        """, "$id", "$account", "$event", "$webhook", "$name", "$now");

    public List<int> Subscribed(SqliteTransaction tx, int accountId, string name)
    {
        _subscribed.Transaction = tx;
        _subscribed.Parameters["$account"].Value = accountId;
        _subscribed.Parameters["$name"].Value = name;
        var ids = new List<int>();
        using var reader = _subscribed.ExecuteReader();
        while (reader.Read()) ids.Add(reader.GetInt32(0));
        return ids;
    }

    /// <summary>The event stored earlier with this idempotency key, if any.</summary>
    public (Guid Id, int DeliveryCount, DateTime CreatedAt)? Earlier(SqliteTransaction tx, int accountId, string key)
    {
        Set(_earlier, tx, ("$account", accountId), ("$key", key));
        using var reader = _earlier.ExecuteReader();
        return reader.Read() ? (reader.GetGuid(0), reader.GetInt32(1), new DateTime(reader.GetInt64(2), DateTimeKind.Utc)) : null;
    }

    public void ReleaseKey(SqliteTransaction tx, Guid eventId)
    {
        Set(_releaseKey, tx, ("$id", Text(eventId)));
        _releaseKey.ExecuteNonQuery();
    }

    public void Insert(SqliteTransaction tx, int accountId, string name, string payload, Guid eventId, DateTime now, string? key, List<int> webhooks)
    {
        var ticks = UtcTicksConverter.ToTicks(now);
        var eventText = Text(eventId);
        Set(_event, tx, ("$id", eventText), ("$account", accountId), ("$name", name), ("$payload", payload), ("$now", ticks),
            ("$key", (object?)key ?? DBNull.Value), ("$count", webhooks.Count));
        _event.ExecuteNonQuery();
        foreach (var webhook in webhooks)
        {
            // Time-ordered ids keep the log's keyset paging and the primary-key index append-only.
            Set(_delivery, tx, ("$id", Text(Guid.CreateVersion7(now))), ("$account", accountId), ("$event", eventText), ("$webhook", webhook),
                ("$name", name), ("$now", ticks));
            _delivery.ExecuteNonQuery();
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

    private static string Text(Guid id) => id.ToString().ToUpperInvariant();

    private static void Set(SqliteCommand command, SqliteTransaction tx, params (string Name, object Value)[] values)
    {
        command.Transaction = tx;
        foreach (var (name, value) in values) command.Parameters[name].Value = value;
    }

    private static SqliteCommand Create(SqliteConnection connection, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter(name, null));
        return command;
    }
}
