using System.Data.Common;
using System.Diagnostics;
using Dashboard.Data;
using Dashboard.Deliveries;
using Microsoft.EntityFrameworkCore;

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

        var query = new DeliveryLogQuery(data.CreateContextFactory());
        var filter = new DeliveryLogFilter(Status: DeliveryStatus.Failed);
        var deep = DeliveryLogCursor.OlderThan(deepCursor);
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
    private static async Task<int> PageAsync(DbConnection connection, Guid? cursor, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, $"""
            SELECT Id, EventId, WebhookId, EventName, Status, Attempts, LastStatusCode, LastDurationMs, LastAttemptAt, NextAttemptAt, CreatedAt
            FROM Deliveries
            WHERE AccountId = @a AND Status = @s {(cursor is null ? "" : "AND Id < @cursor")}
            ORDER BY Id DESC LIMIT {PageSize}
            """, cursor is null ? ["@a", "@s"] : ["@a", "@s", "@cursor"]);
        Sql.Set(command, "@a", LogData.AccountId);
        Sql.Set(command, "@s", FailedStatus);
        if (cursor is { } id) Sql.Set(command, "@cursor", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = 0;
        while (await reader.ReadAsync(ct)) rows++;
        return rows;
    }

    /// <summary>The id 90 % of the way back through the account's deliveries.</summary>
    private static async Task<Guid> DeepCursorAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, """
            SELECT Id FROM Deliveries WHERE AccountId = @a ORDER BY Id
            LIMIT 1 OFFSET (SELECT COUNT(*) / 10 FROM Deliveries WHERE AccountId = @a)
            """, "@a");
        Sql.Set(command, "@a", LogData.AccountId);
        // Upper-case text on SQLite, uuid on PostgreSQL.
        return await command.ExecuteScalarAsync(ct) switch
        {
            Guid id => id,
            string text => Guid.Parse(text),
            var other => throw new InvalidOperationException($"No deep cursor: {other}"),
        };
    }
}
