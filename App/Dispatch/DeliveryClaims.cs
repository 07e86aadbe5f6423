using System.Text.Json;
using Dashboard.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Dispatch;

/// <summary>
/// Takes due work from the database with a lease, so a crashed dispatcher's work comes back when the lease expires.
/// Raw ADO.NET: this runs on every wake-up.
/// </summary>
public sealed class DeliveryClaims(IDbContextFactory<AppDbContext> dbFactory, SqliteWriteGate? writeGate = null)
{
    /// <summary>The in-process write gate shared with the publisher and the attempt writer (see <see cref="SqliteWriteGate"/>).</summary>
    public SqliteWriteGate WriteGate { get; } = writeGate ?? new SqliteWriteGate();

    private readonly Lazy<string> _connectionString = new(() =>
    {
        using var db = dbFactory.CreateDbContext();
        return db.Database.GetConnectionString()!;
    });

    public string ConnectionString => _connectionString.Value;

    // Oldest due, unleased (or lease expired) pending rows, walking the due index; webhooks already at their cap are skipped.
    private const string CandidatesSql = """
        SELECT Id, WebhookId FROM Deliveries
        WHERE Status = 0 AND NextAttemptAt <= $now AND (LeaseExpiresAt IS NULL OR LeaseExpiresAt < $now)
          AND WebhookId NOT IN (SELECT value FROM json_each($full))
        ORDER BY NextAttemptAt
        LIMIT $limit
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

        var taken = new Dictionary<int, int>(busy);
        var picked = new List<string>();
        await using (var candidates = Sql.Command(connection, CandidatesSql, "$now", "$full", "$limit"))
        {
            Sql.Set(candidates, "$now", Sql.Ticks(now));
            Sql.Set(candidates, "$limit", Math.Max(limit * 4, 64));
            // A second pass skips webhooks that filled up in the first, so rows behind a big backlog are reached too.
            for (var pass = 0; pass < 3 && picked.Count < limit; pass++)
            {
                Sql.Set(candidates, "$full", JsonSerializer.Serialize(taken.Where(t => t.Value >= perWebhook).Select(t => t.Key)));
                var seen = 0;
                await using var reader = await candidates.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    seen++;
                    var webhook = reader.GetInt32(1);
                    if (picked.Count >= limit || taken.GetValueOrDefault(webhook) >= perWebhook) continue;
                    taken[webhook] = taken.GetValueOrDefault(webhook) + 1;
                    picked.Add(reader.GetString(0));
                }
                if (seen < Math.Max(limit * 4, 64)) break; // saw every due row
            }
        }
        if (picked.Count == 0) return [];

        var ids = new List<string>(picked.Count);
        using (await WriteGate.EnterAsync(CancellationToken.None))
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
