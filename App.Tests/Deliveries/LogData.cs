using Dashboard.Dispatch;
using Dashboard.Deliveries;
using Dashboard.Webhooks;
using Microsoft.Data.Sqlite;

namespace Dashboard.Tests.Deliveries;

/// <summary>Generated log rows written with raw SQL in one transaction (fast enough for 100k rows), as EF would store them.</summary>
public static class LogData
{
    public static readonly string[] EventNames = ["message_created", "conversation_created", "contact_updated"];

    public sealed record Row(Guid Id, Guid EventId, int AccountId, int WebhookId, string EventName, DeliveryStatus Status, DateTime CreatedAt);

    public static string Text(Guid id) => id.ToString().ToUpperInvariant();

    public static async Task<int> AddAccountAsync(SqliteConnection connection, string name)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "INSERT INTO Accounts (Name, CreatedAt) VALUES ($n, 0) RETURNING Id";
        cmd.Parameters.AddWithValue("$n", name);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync());
    }

    public static async Task<int> AddWebhookAsync(SqliteConnection connection, int accountId, string url, string? name = null)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            INSERT INTO Webhooks (AccountId, Name, Url, Subscriptions, Secret, Status, CreatedAt, UpdatedAt)
            VALUES ($a, $n, $u, '["message_created"]', $s, 0, 0, 0) RETURNING Id
            """;
        cmd.Parameters.AddWithValue("$a", accountId);
        cmd.Parameters.AddWithValue("$n", (object?)name ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$u", url);
        cmd.Parameters.AddWithValue("$s", WebhookSecret.Generate());
        return Convert.ToInt32(await cmd.ExecuteScalarAsync());
    }

    /// <summary>Writes one delivery per row, and its event unless <paramref name="withEvents"/> is false (log-only tests go faster).</summary>
    public static async Task InsertAsync(SqliteConnection connection, IReadOnlyList<Row> rows, bool withEvents = true)
    {
        await using var tx = connection.BeginTransaction();
        await using var ev = connection.CreateCommand();
        ev.Transaction = tx;
        ev.CommandText = "INSERT INTO Events (Id, AccountId, Name, Payload, CreatedAt, DeliveryCount) VALUES ($id, $a, $n, $p, $t, 1)";
        var evParams = new[] { "$id", "$a", "$n", "$p", "$t" }.Select(n => ev.Parameters.Add(n, SqliteType.Text)).ToArray();
        await using var de = connection.CreateCommand();
        de.Transaction = tx;
        de.CommandText = """
            INSERT INTO Deliveries (Id, AccountId, EventId, WebhookId, EventName, Status, Attempts, LastStatusCode, LastDurationMs, LastAttemptAt, CreatedAt)
            VALUES ($id, $a, $e, $w, $n, $s, 1, $c, 12, $t, $t)
            """;
        var deParams = new[] { "$id", "$a", "$e", "$w", "$n", "$s", "$c", "$t" }.Select(n => de.Parameters.Add(n, SqliteType.Text)).ToArray();
        foreach (var r in rows)
        {
            evParams[0].Value = Text(r.EventId); evParams[1].Value = r.AccountId; evParams[2].Value = r.EventName;
            evParams[3].Value = $$"""{"event":"{{r.EventName}}"}"""; evParams[4].Value = r.CreatedAt.Ticks;
            if (withEvents) await ev.ExecuteNonQueryAsync();
            deParams[0].Value = Text(r.Id); deParams[1].Value = r.AccountId; deParams[2].Value = Text(r.EventId); deParams[3].Value = r.WebhookId;
            deParams[4].Value = r.EventName; deParams[5].Value = (int)r.Status; deParams[6].Value = r.Status == DeliveryStatus.Succeeded ? 200 : 500;
            deParams[7].Value = r.CreatedAt.Ticks;
            await de.ExecuteNonQueryAsync();
        }
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
    public static async Task AddAttemptAsync(SqliteConnection connection, Row delivery, int number, DateTime startedAt, bool succeeded = true, int durationMs = 20,
        bool answered = true)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            INSERT INTO Attempts (DeliveryId, AccountId, WebhookId, Number, Trigger, StartedAt, DurationMs, Url, RequestHeaders,
                ResponseStatus, ResponseBodyBinary, ResponseBodyTruncated, Error, Succeeded)
            VALUES ($d, $a, $w, $n, 0, $t, $ms, 'https://x.example/', '', $s, 0, 0, 0, $ok)
            """;
        cmd.Parameters.AddWithValue("$d", Text(delivery.Id));
        cmd.Parameters.AddWithValue("$a", delivery.AccountId);
        cmd.Parameters.AddWithValue("$w", delivery.WebhookId);
        cmd.Parameters.AddWithValue("$n", number);
        cmd.Parameters.AddWithValue("$t", startedAt.Ticks);
        cmd.Parameters.AddWithValue("$ms", durationMs);
        cmd.Parameters.AddWithValue("$s", answered ? succeeded ? 200 : 500 : DBNull.Value);
        cmd.Parameters.AddWithValue("$ok", succeeded);
        await cmd.ExecuteNonQueryAsync();
    }
}
