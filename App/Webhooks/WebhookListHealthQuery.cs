using System.Data.Common;
using Dashboard.Data;
using Dashboard.Deliveries;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Webhooks;

/// <summary>
/// The health column of the webhook list for a whole account in one statement, whatever the number of webhooks or
/// deliveries: per webhook, its newest delivery (one index seek per status on (WebhookId, Status, Id): there is no
/// (WebhookId, Id) index, the dispatcher would pay for it on every delivery) and its last 24 hours from
/// WebhookHourlyStats (one key range). Same SQL on SQLite and PostgreSQL; a test checks both plans.
/// </summary>
public sealed class WebhookListHealthQuery(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    private static string NewestOf(int status) =>
        $"SELECT (SELECT x.Id FROM Deliveries x WHERE x.WebhookId = w.Id AND x.Status = {status} ORDER BY x.Id DESC LIMIT 1) AS Id";

    // The CTE is materialized so neither planner folds the per-webhook picks into the join and scans Deliveries instead.
    internal static readonly string Statement = $"""
        WITH l AS MATERIALIZED (
            SELECT w.Id AS WebhookId,
                (SELECT n.Id FROM ({NewestOf(SqlStatus.Pending)} UNION ALL {NewestOf(SqlStatus.Succeeded)}
                    UNION ALL {NewestOf(SqlStatus.Failed)} UNION ALL {NewestOf(SqlStatus.Cancelled)}) n
                 WHERE n.Id IS NOT NULL ORDER BY n.Id DESC LIMIT 1) AS LastId,
                (SELECT SUM(s.Attempts) FROM WebhookHourlyStats s WHERE s.WebhookId = w.Id AND s.HourStart >= @since) AS Tries,
                (SELECT SUM(s.Succeeded) FROM WebhookHourlyStats s WHERE s.WebhookId = w.Id AND s.HourStart >= @since) AS Ok
            FROM Webhooks w WHERE w.AccountId = @account)
        SELECT l.WebhookId, l.Tries, l.Ok, d.Status, d.Attempts, d.LastStatusCode, d.LastError, d.LastAttemptAt, d.NextAttemptAt, d.CreatedAt
        FROM l LEFT JOIN Deliveries d ON d.Id = l.LastId
        ORDER BY l.WebhookId
        """;

    public async Task<IReadOnlyDictionary<int, WebhookListHealth>> ForAccountAsync(int accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var command = Command(db, accountId, Since(time.GetUtcNow().UtcDateTime));
        await db.Database.OpenConnectionAsync(ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new Dictionary<int, WebhookListHealth>();
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetInt32(0);
            result[id] = new WebhookListHealth(id, ReadLast(reader), ReadInt(reader, 1) ?? 0, ReadInt(reader, 2) ?? 0);
        }
        return result;
    }

    /// <summary>The command as it runs, for tests that read its plan.</summary>
    internal static DbCommand Command(AppDbContext db, int accountId, DateTime since)
    {
        var command = Sql.Command(db.Database.GetDbConnection(), Statement, "@account", "@since");
        Sql.Set(command, "@account", accountId);
        Sql.Set(command, "@since", Sql.Ticks(since));
        return command;
    }

    /// <summary>The start of the 24 hours the list counts: this hour so far and the 23 before, as the stats panel's 24 h.</summary>
    internal static DateTime Since(DateTime now) => new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc).AddHours(-23);

    private static LastDelivery? ReadLast(DbDataReader r) => r.IsDBNull(3) ? null : new LastDelivery(
        (DeliveryStatus)r.GetInt32(3), r.GetInt32(4), ReadInt(r, 5), r.IsDBNull(6) ? null : r.GetString(6),
        Sql.ReadTime(r, 7), Sql.ReadTime(r, 8), Sql.ReadTime(r, 9)!.Value);

    // SUM comes back as a long (SQLite) or numeric (PostgreSQL): read it as whatever number it is.
    private static int? ReadInt(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : Convert.ToInt32(r.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
