using Dashboard.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Bench.Measures;

/// <summary>
/// A delivery log of a given size in a fresh SQLite file with the app's real schema (its migrations), filled
/// fast with raw prepared inserts in big transactions. Shape: one busy account (90 %) and a second one; four
/// webhooks; 85 % succeeded, 10 % failed after 3 tries, 5 % pending after 1; every 10th success needed 2 tries.
/// </summary>
public sealed class LogData : IAsyncDisposable
{
    public const int AccountId = 1;
    public const int OtherAccountId = 2;

    private readonly SqliteConnection _connection;
    private long _deliveries;
    private DateTime _clock = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    private LogData(string directory, SqliteConnection connection)
    {
        Directory = directory;
        _connection = connection;
    }

    public string Directory { get; }
    public string DatabasePath => Path.Combine(Directory, "log.db");
    public long Attempts { get; private set; }
    public SqliteConnection Connection => _connection;

    public static async Task<LogData> CreateAsync(CancellationToken ct = default)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dashboard-bench", "log-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "log.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        await using (var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(connectionString).Options))
            await db.Database.MigrateAsync(ct);

        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await Exec(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;", ct);
        var now = DateTime.UtcNow.Ticks;
        await Exec(connection, $"""
            INSERT INTO Accounts (Id, Name, CreatedAt) VALUES ({AccountId}, 'Busy', {now}), ({OtherAccountId}, 'Other', {now});
            INSERT INTO Webhooks (Id, AccountId, Name, Url, Subscriptions, Secret, Status, CreatedAt, UpdatedAt) VALUES
              (1, 1, 'a', 'https://a.example.com/hook', '["message_created"]', 'whsec_x', 0, {now}, {now}),
              (2, 1, 'b', 'https://b.example.com/hook', '["message_created"]', 'whsec_x', 0, {now}, {now}),
              (3, 1, 'c', 'https://c.example.com/hook', '["message_created"]', 'whsec_x', 0, {now}, {now}),
              (4, 2, 'd', 'https://d.example.com/hook', '["message_created"]', 'whsec_x', 0, {now}, {now});
            """, ct);
        return new LogData(directory, connection);
    }

    /// <summary>Adds deliveries (with their events and attempts) until the log holds <paramref name="attempts"/> attempts.</summary>
    public async Task GrowToAsync(long attempts, CancellationToken ct = default)
    {
        const string requestHeaders = "Content-Type: application/json\nUser-Agent: Dashboard-Webhooks/1.0\nwebhook-id: 0198a7c0-0000-7000-8000-000000000000\nwebhook-timestamp: 1763905476\nwebhook-signature: v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=\nX-Chatwoot-Delivery: 0198a7c0-0000-7000-8000-000000000000";
        const string responseHeaders = "Content-Type: text/plain\nDate: Mon, 23 Nov 2026 13:44:36 GMT";
        const string payload = """{"event":"message_created","id":1,"content":"Hello","message_type":"incoming"}""";

        while (Attempts < attempts)
        {
            await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
            await using var ev = Command(tx, "INSERT INTO Events (Id, AccountId, Name, Payload, CreatedAt, DeliveryCount) VALUES ($id, $a, 'message_created', $p, $t, 1)", "$id", "$a", "$p", "$t");
            await using var de = Command(tx, """
                INSERT INTO Deliveries (Id, AccountId, EventId, WebhookId, EventName, Status, Attempts, NextAttemptAt, LastStatusCode, LastDurationMs, LastAttemptAt, CreatedAt)
                VALUES ($id, $a, $e, $w, 'message_created', $s, $n, $next, $code, 12, $last, $t)
                """, "$id", "$a", "$e", "$w", "$s", "$n", "$next", "$code", "$last", "$t");
            await using var at = Command(tx, """
                INSERT INTO Attempts (DeliveryId, AccountId, WebhookId, Number, Trigger, StartedAt, DurationMs, Url, RequestHeaders, ResponseStatus, ResponseHeaders, ResponseBody, ResponseBodyBinary, ResponseBodyTruncated, Error, Succeeded, NextAttemptAt)
                VALUES ($d, $a, $w, $n, 0, $t, 12, 'https://a.example.com/hook', $rh, $code, $resh, $body, 0, 0, 0, $ok, $next)
                """, "$d", "$a", "$w", "$n", "$t", "$rh", "$code", "$resh", "$body", "$ok", "$next");

            for (var i = 0; i < 20_000 && Attempts < attempts; i++)
            {
                var n = _deliveries++;
                _clock = _clock.AddMilliseconds(50);
                var account = n % 10 == 9 ? OtherAccountId : AccountId;
                var webhook = account == OtherAccountId ? 4 : (int)(n % 3) + 1;
                var (status, tries, code) = (n % 20) switch
                {
                    0 or 1 => (2, 3, 500),            // failed
                    2 => (0, 1, 503),                 // pending, retry planned
                    _ => (1, n % 10 == 5 ? 2 : 1, 200), // succeeded
                };
                var eventId = Text(Guid.CreateVersion7(_clock));
                var deliveryId = Text(Guid.CreateVersion7(_clock));
                var ticks = _clock.Ticks;
                object next = status == 0 ? _clock.AddMinutes(5).Ticks : DBNull.Value;
                Run(ev, eventId, account, payload, ticks);
                Run(de, deliveryId, account, eventId, webhook, status, tries, next, code, ticks + tries * TimeSpan.TicksPerSecond, ticks);
                for (var t = 1; t <= tries; t++)
                {
                    var attemptCode = t == tries ? code : 500;
                    Run(at, deliveryId, account, webhook, t, ticks + t * TimeSpan.TicksPerSecond, requestHeaders, attemptCode, responseHeaders,
                        attemptCode == 200 ? "ok" : "upstream error", attemptCode == 200 ? 1 : 0, t == tries ? next : ticks + (t + 1) * TimeSpan.TicksPerSecond);
                    Attempts++;
                }
            }
            await tx.CommitAsync(ct);
        }
        await Exec(_connection, "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;", ct);
    }

    /// <summary>EF Core stores Guids as upper-case text; UUID v7 text sorts by time.</summary>
    public static string Text(Guid id) => id.ToString().ToUpperInvariant();

    private static SqliteCommand Command(SqliteTransaction tx, string sql, params string[] names)
    {
        var command = tx.Connection!.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    /// <summary>Binds the values in the order the parameter names were declared, then runs the insert.</summary>
    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        command.ExecuteNonQuery();
    }

    private static async Task Exec(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
