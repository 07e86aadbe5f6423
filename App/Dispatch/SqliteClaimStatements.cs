using System.Data.Common;
using System.Text.Json;
using Dashboard.Data;

namespace Dashboard.Dispatch;

/// <summary>
/// The claim on SQLite: one process, one writer, so the rows cannot be taken by anyone else between the look and the
/// update, and the dispatcher's own slots are the whole truth about each webhook's cap.
/// </summary>
internal sealed class SqliteClaimStatements(DbConnection connection, SqlDialect dialect) : ClaimStatements(connection, dialect)
{
    // The webhooks with pending work, by a skip-scan of IX_Deliveries_Claim: one seek per webhook, deleted ones included.
    private static readonly string WebhooksWithPendingWork = $"""
        WITH RECURSIVE hooks(id) AS (
          SELECT (SELECT MIN(WebhookId) FROM Deliveries INDEXED BY IX_Deliveries_Claim WHERE Status = {SqlStatus.Pending})
          UNION ALL
          SELECT (SELECT MIN(WebhookId) FROM Deliveries INDEXED BY IX_Deliveries_Claim WHERE Status = {SqlStatus.Pending} AND WebhookId > hooks.id)
          FROM hooks WHERE hooks.id IS NOT NULL
        )
        """;

    // Per webhook, seek its oldest due, unleased (or lease expired) pending rows in IX_Deliveries_Claim, at most @cap of them.
    // The webhooks come from a skip-scan of the same index (one seek per webhook with pending work, deleted ones included,
    // so their deliveries still get claimed and cancelled); webhooks already at their cap are skipped before their seek.
    // So a claim costs O(webhooks with pending work × cap), never O(backlog): a hanging webhook's queue costs nothing here.
    internal static readonly string CandidatesSql = $"""
        {WebhooksWithPendingWork}
        SELECT d.Id, d.WebhookId, d.NextAttemptAt FROM hooks AS h CROSS JOIN Deliveries AS d
        WHERE h.id IS NOT NULL AND h.id NOT IN (SELECT value FROM json_each(@full))
          AND d.rowid IN (
            SELECT rowid FROM Deliveries INDEXED BY IX_Deliveries_Claim
            WHERE WebhookId = h.id AND {Claimable}
            ORDER BY NextAttemptAt LIMIT @cap)
        """;

    private readonly DbCommand _candidates = Sql.Command(connection, CandidatesSql, "@now", "@full", "@cap");

    // Due work of this webhook that nobody holds: a seek into the claim index, stepping over the webhook's few rows in flight.
    private readonly DbCommand _dueWaiting = Sql.Command(connection, $"""
        SELECT EXISTS (SELECT 1 FROM Deliveries INDEXED BY IX_Deliveries_Claim WHERE WebhookId = @webhook AND {Claimable})
        """, "@webhook", "@now");

    // MIN(MAX(NextAttemptAt, LeaseExpiresAt)) over the pending rows, read from small ends instead of the whole backlog:
    // unleased rows give their NextAttemptAt (per webhook, the front of the claim index, stepping over the few leased
    // ones), leased rows (only those in flight) give the later of the two.
    private readonly DbCommand _nextDue = Sql.Command(connection, $"""
        {WebhooksWithPendingWork}
        SELECT MIN(t) FROM (
          SELECT (SELECT NextAttemptAt FROM Deliveries INDEXED BY IX_Deliveries_Claim
                  WHERE WebhookId = h.id AND Status = {SqlStatus.Pending} AND NextAttemptAt IS NOT NULL AND LeaseExpiresAt IS NULL
                  ORDER BY NextAttemptAt LIMIT 1) AS t
          FROM hooks AS h WHERE h.id IS NOT NULL
          UNION ALL
          SELECT MIN(MAX(NextAttemptAt, LeaseExpiresAt)) FROM Deliveries INDEXED BY IX_Deliveries_Lease
          WHERE Status = {SqlStatus.Pending} AND LeaseExpiresAt IS NOT NULL AND NextAttemptAt IS NOT NULL)
        """);

    public override List<(Guid Id, int WebhookId, long Due)> Candidates(DbTransaction tx, DateTime now, int cap, IEnumerable<int> full)
    {
        var candidates = new List<(Guid, int, long)>();
        using var reader = Sql.Bind(_candidates, tx, ("@now", Sql.Ticks(now)), ("@cap", cap), ("@full", JsonSerializer.Serialize(full))).ExecuteReader();
        while (reader.Read()) candidates.Add((reader.GetGuid(0), reader.GetInt32(1), reader.GetInt64(2)));
        return candidates;
    }

    // One process: the dispatcher's slots already keep the cap; only the no-overtaking rule is asked, at once (in process
    // a look costs no round trip, and nothing else writes before the batch runs), so the row is inserted once, as it goes.
    public override int? AddHandOff(StatementBatch batch, EventRows rows, DeliveryRow row, string lease, DateTime leaseExpires, int cap)
    {
        var dueWaiting = Sql.Bind(_dueWaiting, batch.Transaction, ("@webhook", row.WebhookId), ("@now", UtcTicksConverter.ToTicks(row.Now))).ExecuteScalar() is not 0L;
        if (!dueWaiting) return rows.AddDelivery(batch, row, lease, leaseExpires);
        rows.AddDelivery(batch, row);
        return null;
    }

    public override DateTime? NextDue(DbTransaction tx) =>
        Sql.Bind(_nextDue, tx).ExecuteScalar() is long ticks ? new DateTime(ticks, DateTimeKind.Utc) : null;

    public override void Dispose()
    {
        base.Dispose();
        _candidates.Dispose();
        _dueWaiting.Dispose();
        _nextDue.Dispose();
    }
}
