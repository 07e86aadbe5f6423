using System.Diagnostics;
using Npgsql;

namespace Dashboard.Bench.Measures;

public sealed record PostgresProbeResult(double DurableCommitsPerSecond, double AsyncCommitsPerSecond, double RoundTripMs);

/// <summary>
/// Two facts about the bench's PostgreSQL server that explain the app's figures on it, as <see cref="SqliteProbe"/> does
/// for SQLite: what one commit costs when it waits for its WAL flush (<c>synchronous_commit=on</c>, the bench's setting)
/// versus not, and what one round trip to the server costs (every statement of the app pays one).
/// </summary>
public static class PostgresProbe
{
    public static async Task<PostgresProbeResult> RunAsync(BenchTarget target, CancellationToken ct = default)
    {
        await using var database = await BenchDatabase.CreateAsync(target, ct);
        await using var connection = (NpgsqlConnection)await database.OpenAsync(write: true, ct);
        await ExecAsync(connection, "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text)", ct);
        var durable = await CommitsPerSecondAsync(connection, "on", ct);
        var async = await CommitsPerSecondAsync(connection, "off", ct);

        await using var ping = new NpgsqlCommand("SELECT 1", connection);
        for (var i = 0; i < 100; i++) await ping.ExecuteScalarAsync(ct); // warm
        var times = new List<double>();
        for (var i = 0; i < 1000; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await ping.ExecuteScalarAsync(ct);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return new PostgresProbeResult(durable, async, Stats.Median(times));
    }

    private static async Task<double> CommitsPerSecondAsync(NpgsqlConnection connection, string synchronousCommit, CancellationToken ct)
    {
        await ExecAsync(connection, $"SET synchronous_commit = {synchronousCommit}", ct);
        const int commits = 200;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < commits; i++)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using var insert = new NpgsqlCommand("INSERT INTO t (v) VALUES ('a row of about the size of a delivery row, give or take a few bytes')", connection, tx);
            await insert.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
        }
        return commits / clock.Elapsed.TotalSeconds;
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
