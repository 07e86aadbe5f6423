using System.Text.Json;
using Dashboard.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Dispatch;

/// <summary>
/// Takes due work from the database with a lease, so a crashed dispatcher's work comes back when the lease expires.
/// Raw ADO.NET: this runs on every wake-up.
/// </summary>
public sealed class DeliveryClaims(IDbContextFactory<AppDbContext> dbFactory)
{
    private readonly Lazy<string> _connectionString = new(() =>
    {
        using var db = dbFactory.CreateDbContext();
        return db.Database.GetConnectionString()!;
    });

    public string ConnectionString => _connectionString.Value;

    // Due, unleased (or lease expired) pending rows; per webhook at most its free slots, oldest first, so one
    // webhook's backlog cannot take every global slot. One statement: the claim is atomic under SQLite's write lock.
    private const string ClaimSql = """
        UPDATE Deliveries SET LeaseOwner = $owner, LeaseExpiresAt = $expires
        WHERE Id IN (
            SELECT Id FROM (
                SELECT Id, WebhookId, NextAttemptAt,
                       ROW_NUMBER() OVER (PARTITION BY WebhookId ORDER BY NextAttemptAt, Id) AS rn
                FROM Deliveries
                WHERE Status = 0 AND NextAttemptAt <= $now AND (LeaseExpiresAt IS NULL OR LeaseExpiresAt < $now)
            ) AS due
            WHERE rn <= $perWebhook - COALESCE((SELECT b.value FROM json_each($busy) AS b WHERE b.key = CAST(due.WebhookId AS TEXT)), 0)
            ORDER BY NextAttemptAt, Id
            LIMIT $limit)
        RETURNING Id
        """;

    private const string DetailsSql = """
        SELECT d.Id, d.AccountId, d.WebhookId, d.Attempts, e.Payload, w.Status, w.Url, w.Secret, w.PreviousSecret, w.PreviousSecretExpiresAt
        FROM Deliveries AS d
        JOIN Events AS e ON e.Id = d.EventId
        LEFT JOIN Webhooks AS w ON w.Id = d.WebhookId AND w.AccountId = d.AccountId
        WHERE d.Id IN (SELECT value FROM json_each($ids))
        """;

    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string owner, DateTime now, DateTime leaseExpires, int limit,
        int perWebhook, IReadOnlyDictionary<int, int> busy, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(ct);

        var ids = new List<string>();
        await using (var claim = Sql.Command(connection, ClaimSql, "$owner", "$expires", "$now", "$perWebhook", "$busy", "$limit"))
        {
            Sql.Set(claim, "$owner", owner);
            Sql.Set(claim, "$expires", Sql.Ticks(leaseExpires));
            Sql.Set(claim, "$now", Sql.Ticks(now));
            Sql.Set(claim, "$perWebhook", perWebhook);
            Sql.Set(claim, "$busy", JsonSerializer.Serialize(busy.ToDictionary(b => b.Key.ToString(), b => b.Value)));
            Sql.Set(claim, "$limit", limit);
            await using var reader = await claim.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetString(0));
        }
        if (ids.Count == 0) return [];

        var claimed = new List<ClaimedDelivery>(ids.Count);
        await using var details = Sql.Command(connection, DetailsSql, "$ids");
        Sql.Set(details, "$ids", JsonSerializer.Serialize(ids));
        await using var rows = await details.ExecuteReaderAsync(ct);
        while (await rows.ReadAsync(ct))
        {
            var active = !rows.IsDBNull(5) && rows.GetInt32(5) == (int)Webhooks.WebhookStatus.Active;
            // The previous secret signs only until its expiry; after that receivers must have switched.
            var previousValid = !rows.IsDBNull(8) && Sql.ReadTime(rows, 9) is { } expires && expires > now;
            claimed.Add(new ClaimedDelivery(
                rows.GetGuid(0), rows.GetInt32(1), rows.GetInt32(2), rows.GetInt32(3), rows.GetString(4), active,
                rows.IsDBNull(6) ? "" : rows.GetString(6), rows.IsDBNull(7) ? "" : rows.GetString(7),
                previousValid ? rows.GetString(8) : null));
        }
        return claimed;
    }

    /// <summary>When the next pending delivery becomes claimable (due and unleased), or null when none is pending.</summary>
    public async Task<DateTime?> NextDueAsync(CancellationToken ct)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = Sql.Command(connection,
            "SELECT MIN(MAX(NextAttemptAt, COALESCE(LeaseExpiresAt, 0))) FROM Deliveries WHERE Status = 0 AND NextAttemptAt IS NOT NULL");
        return await command.ExecuteScalarAsync(ct) is long ticks ? new DateTime(ticks, DateTimeKind.Utc) : null;
    }
}
