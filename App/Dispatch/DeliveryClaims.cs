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

    // Per webhook, seek its oldest due, unleased (or lease expired) pending rows in IX_Deliveries_Claim, at most $cap of them.
    // The webhooks come from a skip-scan of the same index (one seek per webhook with pending work, deleted ones included,
    // so their deliveries still get claimed and cancelled); webhooks already at their cap are skipped before their seek.
    // So a claim costs O(webhooks with pending work × cap), never O(backlog): a hanging webhook's queue costs nothing here.
    internal const string CandidatesSql = """
        WITH RECURSIVE hooks(id) AS (
          SELECT (SELECT MIN(WebhookId) FROM Deliveries INDEXED BY IX_Deliveries_Claim WHERE Status = 0)
          UNION ALL
          SELECT (SELECT MIN(WebhookId) FROM Deliveries INDEXED BY IX_Deliveries_Claim WHERE Status = 0 AND WebhookId > hooks.id)
          FROM hooks WHERE hooks.id IS NOT NULL
        )
        SELECT d.Id, d.WebhookId, d.NextAttemptAt FROM hooks AS h CROSS JOIN Deliveries AS d
        WHERE h.id IS NOT NULL AND h.id NOT IN (SELECT value FROM json_each($full))
          AND d.rowid IN (
            SELECT rowid FROM Deliveries INDEXED BY IX_Deliveries_Claim
            WHERE WebhookId = h.id AND Status = 0 AND NextAttemptAt <= $now AND (LeaseExpiresAt IS NULL OR LeaseExpiresAt < $now)
            ORDER BY NextAttemptAt LIMIT $cap)
        """;

    // The claim itself re-checks that each row is still free, so two dispatchers can never both take one.
    private const string ClaimSql = """
        UPDATE Deliveries SET LeaseOwner = $owner, LeaseExpiresAt = $expires
        WHERE Id IN (SELECT value FROM json_each($ids))
          AND Status = 0 AND NextAttemptAt <= $now AND (LeaseExpiresAt IS NULL OR LeaseExpiresAt < $now)
        RETURNING Id
        """;

    private const string DetailsSql = """
        SELECT d.Id, d.AccountId, d.WebhookId, d.Attempts, e.Payload, w.Status, w.Url, w.Secret, w.PreviousSecret, w.PreviousSecretExpiresAt
        FROM Deliveries AS d
        JOIN Events AS e ON e.Id = d.EventId
        LEFT JOIN Webhooks AS w ON w.Id = d.WebhookId AND w.AccountId = d.AccountId
        WHERE d.Id IN (SELECT value FROM json_each($ids))
        """;

    /// <summary>
    /// Leases up to <paramref name="limit"/> due deliveries, at most <paramref name="perWebhook"/> minus <paramref name="busy"/>
    /// per webhook, oldest first: one webhook's backlog cannot take the slots of the others.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string owner, DateTime now, DateTime leaseExpires, int limit,
        int perWebhook, IReadOnlyDictionary<int, int> busy, CancellationToken ct)
    {
        await using var connection = await Sql.OpenAsync(ConnectionString, ct);

        var candidates = new List<(string Id, int WebhookId, long Due)>();
        await using (var command = Sql.Command(connection, CandidatesSql, "$now", "$full", "$cap"))
        {
            Sql.Set(command, "$now", Sql.Ticks(now));
            Sql.Set(command, "$cap", perWebhook);
            Sql.Set(command, "$full", JsonSerializer.Serialize(busy.Where(b => b.Value >= perWebhook).Select(b => b.Key)));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) candidates.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2)));
        }
        // Oldest first across webhooks when the global limit cannot take them all; each webhook only up to its free slots.
        var taken = new Dictionary<int, int>(busy);
        var picked = new List<string>();
        foreach (var (id, webhook, _) in candidates.OrderBy(c => c.Due))
        {
            if (picked.Count >= limit) break;
            if (taken.GetValueOrDefault(webhook) >= perWebhook) continue;
            taken[webhook] = taken.GetValueOrDefault(webhook) + 1;
            picked.Add(id);
        }
        if (picked.Count == 0) return [];

        var ids = new List<string>(picked.Count);
        await using (var claim = Sql.Command(connection, ClaimSql, "$owner", "$expires", "$now", "$ids"))
        {
            Sql.Set(claim, "$owner", owner);
            Sql.Set(claim, "$expires", Sql.Ticks(leaseExpires));
            Sql.Set(claim, "$now", Sql.Ticks(now));
            Sql.Set(claim, "$ids", JsonSerializer.Serialize(picked));
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
        await using var connection = await Sql.OpenAsync(ConnectionString, ct);
        await using var command = Sql.Command(connection,
            "SELECT MIN(MAX(NextAttemptAt, COALESCE(LeaseExpiresAt, 0))) FROM Deliveries WHERE Status = 0 AND NextAttemptAt IS NOT NULL");
        return await command.ExecuteScalarAsync(ct) is long ticks ? new DateTime(ticks, DateTimeKind.Utc) : null;
    }
}
