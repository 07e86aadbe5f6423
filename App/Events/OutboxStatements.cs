using Dashboard.Data;
using Microsoft.Data.Sqlite;

namespace Dashboard.Events;

/// <summary>The outbox batcher's SQL, prepared once; values written as EF Core writes them (upper-case Guid text, UTC ticks).</summary>
internal sealed class OutboxStatements(SqliteConnection connection) : IDisposable
{
    private readonly SqliteCommand _subscribed = Create(connection, """
        SELECT w.Id FROM Webhooks AS w
        WHERE w.AccountId = $account AND w.Status = 0 AND EXISTS (SELECT 1 FROM json_each(w.Subscriptions) AS s WHERE s.value = $name)
        ORDER BY w.Id
        """, "$account", "$name");

    private readonly SqliteCommand _event = Create(connection, """
        INSERT INTO Events (Id, AccountId, Name, Payload, CreatedAt, IdempotencyKey, DeliveryCount)
        VALUES ($id, $account, $name, $payload, $now, NULL, $count)
        """, "$id", "$account", "$name", "$payload", "$now", "$count");

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

    public void Insert(SqliteTransaction tx, int accountId, string name, string payload, Guid eventId, DateTime now, List<int> webhooks)
    {
        var ticks = UtcTicksConverter.ToTicks(now);
        var eventText = Text(eventId);
        Set(_event, tx, ("$id", eventText), ("$account", accountId), ("$name", name), ("$payload", payload), ("$now", ticks), ("$count", webhooks.Count));
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
