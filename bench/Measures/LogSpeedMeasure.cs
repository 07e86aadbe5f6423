using System.Diagnostics;
using Dashboard.Data;
using Dashboard.Deliveries;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Dashboard.Bench.Measures;

public sealed record LogSpeedResult(double FirstPageMs, double DeepPageMs, int FirstRows, int DeepRows, double RawFirstPageMs, double RawDeepPageMs);

/// <summary>
/// (5) The query behind one page of the delivery log, through the app's own <see cref="DeliveryLogQuery"/> (a fresh
/// context per page, as the page does): 50 deliveries of one account with a status filter, newest first, keyset-paged;
/// the first page and a deep page (90 % of the way back). Median of repeated runs, warm, as on a running server.
/// The bare keyset SQL is timed too, to show what EF Core adds.
/// </summary>
public static class LogSpeedMeasure
{
    public const int PageSize = 50;
    public const int FailedStatus = 2;

    public static async Task<LogSpeedResult> RunAsync(LogData data, int repeats, CancellationToken ct = default)
    {
        var connection = data.Connection;
        var deepCursor = await DeepCursorAsync(connection, ct);
        var (rawFirstMs, _) = await TimeAsync(() => PageAsync(connection, null, ct), repeats);
        var (rawDeepMs, _) = await TimeAsync(() => PageAsync(connection, deepCursor, ct), repeats);

        var options = new DbContextOptionsBuilder<AppDbContext>()
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = data.DatabasePath, Pooling = true }.ToString()).Options;
        var query = new DeliveryLogQuery(new PooledDbContextFactory<AppDbContext>(options));
        var filter = new DeliveryLogFilter(Status: DeliveryStatus.Failed);
        var deep = DeliveryLogCursor.OlderThan(Guid.Parse(deepCursor));
        var (firstMs, firstRows) = await TimeAsync(async () => (await query.PageAsync(LogData.AccountId, filter, null, ct)).Rows.Count, repeats);
        var (deepMs, deepRows) = await TimeAsync(async () => (await query.PageAsync(LogData.AccountId, filter, deep, ct)).Rows.Count, repeats);
        return new LogSpeedResult(firstMs, deepMs, firstRows, deepRows, rawFirstMs, rawDeepMs);
    }

    private static async Task<(double Ms, int Rows)> TimeAsync(Func<Task<int>> page, int repeats)
    {
        var rows = await page(); // warm: plan and pages cached, as on a running server
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var started = Stopwatch.GetTimestamp();
            rows = await page();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return (Stats.Median(times), rows);
    }

    /// <summary>The keyset page query of the delivery log (the columns the table shows).</summary>
    private static async Task<int> PageAsync(SqliteConnection connection, string? cursor, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT Id, EventId, WebhookId, EventName, Status, Attempts, LastStatusCode, LastDurationMs, LastAttemptAt, NextAttemptAt, CreatedAt
            FROM Deliveries
            WHERE AccountId = $a AND Status = $s {(cursor is null ? "" : "AND Id < $cursor")}
            ORDER BY Id DESC LIMIT {PageSize}
            """;
        command.Parameters.AddWithValue("$a", LogData.AccountId);
        command.Parameters.AddWithValue("$s", FailedStatus);
        if (cursor is not null) command.Parameters.AddWithValue("$cursor", cursor);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = 0;
        while (await reader.ReadAsync(ct)) rows++;
        return rows;
    }

    /// <summary>The id 90 % of the way back through the account's deliveries.</summary>
    private static async Task<string> DeepCursorAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT Id FROM Deliveries WHERE AccountId = $a ORDER BY Id
            LIMIT 1 OFFSET (SELECT COUNT(*) / 10 FROM Deliveries WHERE AccountId = $a)
            """;
        command.Parameters.AddWithValue("$a", LogData.AccountId);
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }
}
