using Dashboard.Dispatch;
using Dashboard.Deliveries;
using Dashboard.Webhooks;
using System.Data.Common;
using Dashboard.Data;
using Microsoft.Data.Sqlite;

namespace Dashboard.Tests.Deliveries;

/// <summary>
/// Generated log rows written with raw SQL in one transaction (fast enough for 100k rows), as EF would store them, on
/// either provider (Guids go through <see cref="Sql.Set"/>, which writes them as each provider stores them).
/// </summary>
public static class LogData
{
    public static readonly string[] EventNames = ["message_created", "conversation_created", "contact_updated"];

    public sealed record Row(Guid Id, Guid EventId, int AccountId, int WebhookId, string EventName, DeliveryStatus Status, DateTime CreatedAt);

    public static string Text(Guid id) => id.ToString().ToUpperInvariant();

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] values)
    {
        var command = Sql.Command(connection, sql, values.Select(v => v.Name).ToArray());
        foreach (var (name, value) in values) Sql.Set(command, name, value);
        return command;
    }

    public static async Task<int> AddAccountAsync(DbConnection connection, string name)
    {
        await using var cmd = Command(connection, "INSERT INTO Accounts (Name, CreatedAt) VALUES (@n, 0) RETURNING Id", ("@n", name));
        return Convert.ToInt32(await cmd.ExecuteScalarAsync());
    }

    public static async Task<int> AddWebhookAsync(DbConnection connection, int accountId, string url, string? name = null)
    {
        // Subscriptions as each provider stores a list: JSON text on SQLite, a text array on PostgreSQL.
        var subscriptions = connection is SqliteConnection ? "'[\"message_created\"]'" : "ARRAY['message_created']";
        await using var cmd = Command(connection, $"""
            INSERT INTO Webhooks (AccountId, Name, Url, Subscriptions, Secret, Status, CreatedAt, UpdatedAt)
            VALUES (@a, @n, @u, {subscriptions}, @s, 0, 0, 0) RETURNING Id
            """, ("@a", accountId), ("@n", name), ("@u", url), ("@s", WebhookSecret.Generate()));
        return Convert.ToInt32(await cmd.ExecuteScalarAsync());
    }

    /// <summary>Writes one delivery per row, and its event unless <paramref name="withEvents"/> is false (log-only tests go faster).</summary>
    public static async Task InsertAsync(DbConnection connection, IReadOnlyList<Row> rows, bool withEvents = true)
    {
        await using var tx = await connection.BeginTransactionAsync();
        await using var ev = Sql.Command(connection,
            "INSERT INTO Events (Id, AccountId, Name, Payload, CreatedAt, DeliveryCount) VALUES (@id, @a, @n, @p, @t, 1)", "@id", "@a", "@n", "@p", "@t");
        await using var de = Sql.Command(connection, """
            INSERT INTO Deliveries (Id, AccountId, EventId, WebhookId, EventName, Status, Attempts, LastStatusCode, LastDurationMs, LastAttemptAt, CreatedAt)
            VALUES (@id, @a, @e, @w, @n, @s, 1, @c, 12, @t, @t)
            """, "@id", "@a", "@e", "@w", "@n", "@s", "@c", "@t");
        foreach (var r in rows)
        {
            if (withEvents)
                await Sql.Bind(ev, tx, ("@id", r.EventId), ("@a", r.AccountId), ("@n", r.EventName), ("@p", $$"""{"event":"{{r.EventName}}"}"""),
                    ("@t", r.CreatedAt.Ticks)).ExecuteNonQueryAsync();
            await Sql.Bind(de, tx, ("@id", r.Id), ("@a", r.AccountId), ("@e", r.EventId), ("@w", r.WebhookId), ("@n", r.EventName),
                ("@s", (int)r.Status), ("@c", r.Status == DeliveryStatus.Succeeded ? 200 : 500), ("@t", r.CreatedAt.Ticks)).ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }

    /// <summary>The chat ids ingestion would have recorded for each row's event (<paramref name="idsOf"/> gets the row's index).</summary>
    public static async Task InsertChatIdsAsync(DbConnection connection, IReadOnlyList<Row> rows, Func<int, Dashboard.Events.ChatId[]> idsOf)
    {
        await using var tx = await connection.BeginTransactionAsync();
        await using var insert = Sql.Command(connection, "INSERT INTO EventChatIds (AccountId, EventId, Kind, Value) VALUES (@a, @e, @k, @v)", "@a", "@e", "@k", "@v");
        for (var i = 0; i < rows.Count; i++)
            foreach (var id in idsOf(i))
                await Sql.Bind(insert, tx, ("@a", rows[i].AccountId), ("@e", rows[i].EventId), ("@k", (int)id.Kind), ("@v", id.Value)).ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }

    /// <summary>Rows one second apart from <paramref name="start"/>, ids made from their time (UUID v7) as the app makes them.</summary>
    public static List<Row> Generate(int count, int accountId, int[] webhookIds, DateTime start, Func<int, DeliveryStatus>? status = null) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var at = start.AddSeconds(i);
            return new Row(Guid.CreateVersion7(new DateTimeOffset(at)), Guid.CreateVersion7(new DateTimeOffset(at)), accountId,
                webhookIds[i % webhookIds.Length], EventNames[i % EventNames.Length], status?.Invoke(i) ?? DeliveryStatus.Succeeded, at);
        }).ToList();

    /// <summary>One attempt row of a delivery, started at <paramref name="startedAt"/>.</summary>
    /// <summary>One attempt, inserted raw as the dispatcher's writer does; <paramref name="answered"/> false: no HTTP status (a timeout).</summary>
    public static async Task AddAttemptAsync(DbConnection connection, Row delivery, int number, DateTime startedAt, bool succeeded = true, int durationMs = 20,
        bool answered = true)
    {
        await using var cmd = Command(connection, """
            INSERT INTO Attempts (DeliveryId, AccountId, WebhookId, Number, Trigger, StartedAt, DurationMs, Url, RequestHeaders,
                ResponseStatus, ResponseBodyBinary, ResponseBodyTruncated, Error, Succeeded)
            VALUES (@d, @a, @w, @n, 0, @t, @ms, 'https://x.example/', '', @s, FALSE, FALSE, 0, @ok)
            """, ("@d", delivery.Id), ("@a", delivery.AccountId), ("@w", delivery.WebhookId), ("@n", number), ("@t", startedAt.Ticks),
            ("@ms", durationMs), ("@s", answered ? succeeded ? 200 : 500 : null), ("@ok", succeeded));
        await cmd.ExecuteNonQueryAsync();
    }
}
