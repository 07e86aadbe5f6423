using System.Data.Common;
using Dashboard.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Bench.Measures;

/// <summary>
/// A delivery log of a given size in a fresh database with the app's real schema (its migrations), filled fast: on SQLite
/// with raw prepared inserts in big transactions, on PostgreSQL with binary COPY (row-by-row inserts would take minutes
/// there, a round trip each). Same rows either way. Shape: one busy account (90 %) and a second one; four webhooks;
/// 85 % succeeded, 10 % failed after 3 tries, 5 % pending after 1; every 10th success needed 2 tries.
/// </summary>
public sealed class LogData : IAsyncDisposable
{
    public const int AccountId = 1;
    public const int OtherAccountId = 2;

    private const string RequestHeaders = "Content-Type: application/json\nUser-Agent: Dashboard-Webhooks/1.0\nwebhook-id: 0198a7c0-0000-7000-8000-000000000000\nwebhook-timestamp: 1763905476\nwebhook-signature: v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=\nX-Chatwoot-Delivery: 0198a7c0-0000-7000-8000-000000000000";
    private const string ResponseHeaders = "Content-Type: text/plain\nDate: Mon, 23 Nov 2026 13:44:36 GMT";
    private const string Payload = """{"event":"message_created","id":1,"content":"Hello","message_type":"incoming"}""";
    private const string Url = "https://a.example.com/hook";

    private readonly DbConnection _connection;
    private long _deliveries;
    private DateTime _clock = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    private LogData(BenchDatabase database, DbConnection connection)
    {
        Database = database;
        _connection = connection;
    }

    public BenchDatabase Database { get; }
    public long Attempts { get; private set; }
    public DbConnection Connection => _connection;

    private bool IsSqlite => Database.Provider == DatabaseProvider.Sqlite;

    public static async Task<LogData> CreateAsync(BenchTarget target, CancellationToken ct = default)
    {
        var database = await BenchDatabase.CreateAsync(target, ct);
        await using (var db = CreateContext(database)) await db.Database.MigrateAsync(ct);

        var connection = await database.OpenAsync(write: true, ct);
        // The load alone skips the wait for durable commits (this session only; the server stays durable for the app).
        await Exec(connection, database.Provider == DatabaseProvider.Sqlite ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;" : "SET synchronous_commit = off;", ct);
        var now = DateTime.UtcNow.Ticks;
        // Subscriptions as each provider stores a list: JSON text on SQLite, a text array on PostgreSQL.
        var subscriptions = database.Provider == DatabaseProvider.Sqlite ? "'[\"message_created\"]'" : "ARRAY['message_created']";
        await Exec(connection, $"""
            INSERT INTO Accounts (Id, Name, CreatedAt) VALUES ({AccountId}, 'Busy', {now}), ({OtherAccountId}, 'Other', {now});
            INSERT INTO Webhooks (Id, AccountId, Name, Url, Subscriptions, Secret, Status, CreatedAt, UpdatedAt) VALUES
              (1, 1, 'a', 'https://a.example.com/hook', {subscriptions}, 'whsec_x', 0, {now}, {now}),
              (2, 1, 'b', 'https://b.example.com/hook', {subscriptions}, 'whsec_x', 0, {now}, {now}),
              (3, 1, 'c', 'https://c.example.com/hook', {subscriptions}, 'whsec_x', 0, {now}, {now}),
              (4, 2, 'd', 'https://d.example.com/hook', {subscriptions}, 'whsec_x', 0, {now}, {now});
            """, ct);
        return new LogData(database, connection);
    }

    /// <summary>A pooled context factory on this log's database (connections pooled too), as a long-running page would have.</summary>
    public IDbContextFactory<AppDbContext> CreateContextFactory()
    {
        if (IsSqlite)
            return new PooledDbContextFactory<AppDbContext>(new DbContextOptionsBuilder<AppDbContext>()
                .UseSqlite(new SqliteConnectionStringBuilder { DataSource = Database.Location, Pooling = true }.ToString()).Options);
        var postgreSql = new PooledDbContextFactory<PostgreSqlDbContext>(new DbContextOptionsBuilder<PostgreSqlDbContext>()
            .UseNpgsql(new NpgsqlConnectionStringBuilder(Database.Location) { Pooling = true }.ToString()).Options);
        return new BaseContextFactory(postgreSql);
    }

    /// <summary>PostgreSQL's contexts are the derived <see cref="PostgreSqlDbContext"/>; the query asks for the base type.</summary>
    private sealed class BaseContextFactory(IDbContextFactory<PostgreSqlDbContext> inner) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => inner.CreateDbContext();
    }

    private static AppDbContext CreateContext(BenchDatabase database) => database.Provider == DatabaseProvider.Sqlite
        ? new AppDbContext(new DbContextOptionsBuilder<AppDbContext>()
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = database.Location, Pooling = false }.ToString()).Options)
        : new PostgreSqlDbContext(new DbContextOptionsBuilder<PostgreSqlDbContext>()
            .UseNpgsql(new NpgsqlConnectionStringBuilder(database.Location) { Pooling = false }.ToString()).Options);

    private sealed record EventRow(Guid Id, int AccountId, long CreatedAt);

    private sealed record DeliveryRow(Guid Id, int AccountId, Guid EventId, int WebhookId, int Status, int Tries, long? NextAttemptAt, int StatusCode, long LastAttemptAt, long CreatedAt);

    private sealed record AttemptRow(Guid DeliveryId, int AccountId, int WebhookId, int Number, long StartedAt, int Status, bool Succeeded, long? NextAttemptAt);

    /// <summary>Adds deliveries (with their events and attempts) until the log holds <paramref name="attempts"/> attempts.</summary>
    public async Task GrowToAsync(long attempts, CancellationToken ct = default)
    {
        while (Attempts < attempts)
        {
            var (events, deliveries, attemptRows) = (new List<EventRow>(), new List<DeliveryRow>(), new List<AttemptRow>());
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
                var eventId = Guid.CreateVersion7(_clock);
                var deliveryId = Guid.CreateVersion7(_clock);
                var ticks = _clock.Ticks;
                long? next = status == 0 ? _clock.AddMinutes(5).Ticks : null;
                events.Add(new(eventId, account, ticks));
                deliveries.Add(new(deliveryId, account, eventId, webhook, status, tries, next, code, ticks + tries * TimeSpan.TicksPerSecond, ticks));
                for (var t = 1; t <= tries; t++)
                {
                    var attemptCode = t == tries ? code : 500;
                    attemptRows.Add(new(deliveryId, account, webhook, t, ticks + t * TimeSpan.TicksPerSecond, attemptCode, attemptCode == 200,
                        t == tries ? next : ticks + (t + 1) * TimeSpan.TicksPerSecond));
                    Attempts++;
                }
            }
            if (IsSqlite) await InsertAsync(events, deliveries, attemptRows, ct);
            else await CopyAsync((NpgsqlConnection)_connection, events, deliveries, attemptRows, ct);
        }
        // Statistics for the planner, as a server that has run a while has them (SQLite: ANALYZE; PostgreSQL: autovacuum's job).
        await Exec(_connection, IsSqlite ? "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;" : "VACUUM ANALYZE;", ct);
    }

    private async Task InsertAsync(List<EventRow> events, List<DeliveryRow> deliveries, List<AttemptRow> attempts, CancellationToken ct)
    {
        await using var tx = await _connection.BeginTransactionAsync(ct);
        await using var ev = Prepared(tx, "INSERT INTO Events (Id, AccountId, Name, Payload, CreatedAt, DeliveryCount) VALUES (@id, @a, 'message_created', @p, @t, 1)", "@id", "@a", "@p", "@t");
        await using var de = Prepared(tx, """
            INSERT INTO Deliveries (Id, AccountId, EventId, WebhookId, EventName, Status, Attempts, NextAttemptAt, LastStatusCode, LastDurationMs, LastAttemptAt, CreatedAt)
            VALUES (@id, @a, @e, @w, 'message_created', @s, @n, @next, @code, 12, @last, @t)
            """, "@id", "@a", "@e", "@w", "@s", "@n", "@next", "@code", "@last", "@t");
        await using var at = Prepared(tx, """
            INSERT INTO Attempts (DeliveryId, AccountId, WebhookId, Number, Trigger, StartedAt, DurationMs, Url, RequestHeaders, ResponseStatus, ResponseHeaders, ResponseBody, ResponseBodyBinary, ResponseBodyTruncated, Error, Succeeded, NextAttemptAt)
            VALUES (@d, @a, @w, @n, 0, @t, 12, 'https://a.example.com/hook', @rh, @code, @resh, @body, 0, 0, 0, @ok, @next)
            """, "@d", "@a", "@w", "@n", "@t", "@rh", "@code", "@resh", "@body", "@ok", "@next");
        foreach (var e in events) Run(ev, Sql.SqliteId(e.Id), e.AccountId, Payload, e.CreatedAt);
        foreach (var d in deliveries)
            Run(de, Sql.SqliteId(d.Id), d.AccountId, Sql.SqliteId(d.EventId), d.WebhookId, d.Status, d.Tries, d.NextAttemptAt, d.StatusCode, d.LastAttemptAt, d.CreatedAt);
        foreach (var a in attempts)
            Run(at, Sql.SqliteId(a.DeliveryId), a.AccountId, a.WebhookId, a.Number, a.StartedAt, RequestHeaders, a.Status, ResponseHeaders, Body(a), a.Succeeded ? 1 : 0, a.NextAttemptAt);
        await tx.CommitAsync(ct);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, List<EventRow> events, List<DeliveryRow> deliveries, List<AttemptRow> attempts, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var copy = await connection.BeginBinaryImportAsync("COPY Events (Id, AccountId, Name, Payload, CreatedAt, DeliveryCount) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var e in events)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(e.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(e.AccountId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync("message_created", NpgsqlDbType.Text, ct);
                await copy.WriteAsync(Payload, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.CreatedAt, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(1, NpgsqlDbType.Integer, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY Deliveries (Id, AccountId, EventId, WebhookId, EventName, Status, Attempts, NextAttemptAt, LastStatusCode, LastDurationMs, LastAttemptAt, CreatedAt)
            FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var d in deliveries)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(d.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(d.AccountId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(d.EventId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(d.WebhookId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync("message_created", NpgsqlDbType.Text, ct);
                await copy.WriteAsync(d.Status, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(d.Tries, NpgsqlDbType.Integer, ct);
                await WriteNullableAsync(copy, d.NextAttemptAt, ct);
                await copy.WriteAsync(d.StatusCode, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(12, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(d.LastAttemptAt, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(d.CreatedAt, NpgsqlDbType.Bigint, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY Attempts (DeliveryId, AccountId, WebhookId, Number, Trigger, StartedAt, DurationMs, Url, RequestHeaders, ResponseStatus, ResponseHeaders, ResponseBody, ResponseBodyBinary, ResponseBodyTruncated, Error, Succeeded, NextAttemptAt)
            FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var a in attempts)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(a.DeliveryId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(a.AccountId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(a.WebhookId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(a.Number, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(0, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(a.StartedAt, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(12, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(Url, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(RequestHeaders, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(a.Status, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(ResponseHeaders, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(Body(a), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(0, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(a.Succeeded, NpgsqlDbType.Boolean, ct);
                await WriteNullableAsync(copy, a.NextAttemptAt, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, long? value, CancellationToken ct) =>
        value is { } v ? copy.WriteAsync(v, NpgsqlDbType.Bigint, ct) : copy.WriteNullAsync(ct);

    private static string Body(AttemptRow a) => a.Status == 200 ? "ok" : "upstream error";

    private static DbCommand Prepared(DbTransaction tx, string sql, params string[] names)
    {
        var command = Sql.Command(tx.Connection!, sql, names);
        command.Transaction = tx;
        command.Prepare();
        return command;
    }

    /// <summary>Binds the values in the order the parameter names were declared (null as SQL NULL), then runs the insert.</summary>
    private static void Run(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }

    private static async Task Exec(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await Database.DisposeAsync();
    }
}
