using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Dashboard.Bench.Measures;

public sealed record SqliteProbeResult(double FullCommitsPerSecond, double NormalCommitsPerSecond, double WaitBehind20MsMs, double WaitBehind20MsWithBusyTimeoutMs);

/// <summary>
/// Two facts about SQLite on this disk that explain the app's figures: what one commit costs with
/// <c>synchronous=FULL</c> (the default: an fsync per commit) versus <c>NORMAL</c> in WAL mode, and how long a writer
/// waits behind another's 20 ms transaction with Microsoft.Data.Sqlite's own retry versus SQLite's busy handler.
/// </summary>
public static class SqliteProbe
{
    public static async Task<SqliteProbeResult> RunAsync(CancellationToken ct = default)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dashboard-bench", "probe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "probe.db"), Pooling = false }.ToString();
            await using (var setup = new SqliteConnection(connectionString))
            {
                await setup.OpenAsync(ct);
                await ExecAsync(setup, "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);", ct);
            }
            var full = await CommitsPerSecondAsync(connectionString, "FULL", ct);
            var normal = await CommitsPerSecondAsync(connectionString, "NORMAL", ct);
            var plain = await WaitBehindAsync(connectionString, busyTimeout: false, ct);
            var handler = await WaitBehindAsync(connectionString, busyTimeout: true, ct);
            return new SqliteProbeResult(full, normal, plain, handler);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<double> CommitsPerSecondAsync(string connectionString, string synchronous, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await ExecAsync(connection, $"PRAGMA synchronous={synchronous};", ct);
        const int commits = 200;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < commits; i++)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO t (v) VALUES ('a row of about the size of a delivery row, give or take a few bytes')";
            await insert.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
        }
        return commits / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Median wait of a second writer while the first holds the write lock for 20 ms.</summary>
    private static async Task<double> WaitBehindAsync(string connectionString, bool busyTimeout, CancellationToken ct)
    {
        var waits = new List<double>();
        for (var round = 0; round < 5; round++)
        {
            await using var holder = new SqliteConnection(connectionString);
            await using var waiter = new SqliteConnection(connectionString);
            await holder.OpenAsync(ct);
            await waiter.OpenAsync(ct);
            if (busyTimeout) await ExecAsync(waiter, "PRAGMA busy_timeout=5000;", ct);
            await using var held = (SqliteTransaction)await holder.BeginTransactionAsync(ct);
            var release = Task.Run(async () =>
            {
                await Task.Delay(20, ct);
                await held.CommitAsync(ct);
            }, ct);
            var clock = Stopwatch.StartNew();
            await Task.Run(() =>
            {
                using var tx = waiter.BeginTransaction(); // BEGIN IMMEDIATE: waits for the write lock
                tx.Commit();
            }, ct);
            waits.Add(clock.Elapsed.TotalMilliseconds);
            await release;
        }
        return Stats.Median(waits);
    }

    private static async Task ExecAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
