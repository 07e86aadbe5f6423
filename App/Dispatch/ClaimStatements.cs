using Dashboard.Data;
using Microsoft.Data.Sqlite;

namespace Dashboard.Dispatch;

/// <summary>The claim's SQL, prepared once on the shared write connection (parsing the candidate query costs more than running it).</summary>
internal sealed class ClaimStatements(SqliteConnection connection) : IDisposable
{
    // Claimable: pending, due, and nobody holds it (never leased, or the lease expired). The claim and the publisher's
    // hand-off (OutboxStatements) both ask this.
    internal static readonly string Claimable = $"Status = {SqlStatus.Pending} AND NextAttemptAt <= $now AND (LeaseExpiresAt IS NULL OR LeaseExpiresAt < $now)";

    // The webhooks with pending work, by a skip-scan of IX_Deliveries_Claim: one seek per webhook, deleted ones included.
    private static readonly string WebhooksWithPendingWork = $"""
        WITH RECURSIVE hooks(id) AS (
          SELECT (SELECT MIN(WebhookId) FROM Deliveries INDEXED BY IX_Deliveries_Claim WHERE Status = {SqlStatus.Pending})
          UNION ALL
          SELECT (SELECT MIN(WebhookId) FROM Deliveries INDEXED BY IX_Deliveries_Claim WHERE Status = {SqlStatus.Pending} AND WebhookId > hooks.id)
          FROM hooks WHERE hooks.id IS NOT NULL
        )
        """;

    // Per webhook, seek its oldest due, unleased (or lease expired) pending rows in IX_Deliveries_Claim, at most $cap of them.
    // The webhooks come from a skip-scan of the same index (one seek per webhook with pending work, deleted ones included,
    // so their deliveries still get claimed and cancelled); webhooks already at their cap are skipped before their seek.
    // So a claim costs O(webhooks with pending work × cap), never O(backlog): a hanging webhook's queue costs nothing here.
    internal static readonly string CandidatesSql = $"""
        {WebhooksWithPendingWork}
        SELECT d.Id, d.WebhookId, d.NextAttemptAt FROM hooks AS h CROSS JOIN Deliveries AS d
        WHERE h.id IS NOT NULL AND h.id NOT IN (SELECT value FROM json_each($full))
          AND d.rowid IN (
            SELECT rowid FROM Deliveries INDEXED BY IX_Deliveries_Claim
            WHERE WebhookId = h.id AND {Claimable}
            ORDER BY NextAttemptAt LIMIT $cap)
        """;

    // The claim itself re-checks that each row is still free, so two dispatchers can never both take one.
    internal static readonly string ClaimSql = $"""
        UPDATE Deliveries SET LeaseOwner = $owner, LeaseExpiresAt = $expires
        WHERE Id IN (SELECT value FROM json_each($ids)) AND {Claimable}
        RETURNING Id
        """;

    internal static readonly string DetailsSql = $"""
        SELECT d.Id, d.AccountId, d.WebhookId, d.Attempts, d.EventId, w.Status, {SigningKeys.Columns}
        FROM Deliveries AS d
        LEFT JOIN Webhooks AS w ON w.Id = d.WebhookId AND w.AccountId = d.AccountId
        WHERE d.Id IN (SELECT value FROM json_each($ids))
        """;

    // Each event's payload once per claim, however many of its deliveries were claimed: a fan-out shares one copy.
    internal const string PayloadsSql = "SELECT Id, Payload FROM Events WHERE Id IN (SELECT value FROM json_each($ids))";

    // MIN(MAX(NextAttemptAt, LeaseExpiresAt)) over the pending rows, read from small ends instead of the whole backlog:
    // unleased rows give their NextAttemptAt (per webhook, the front of the claim index, stepping over the few leased
    // ones), leased rows (only those in flight) give the later of the two.
    internal static readonly string NextDueSql = $"""
        {WebhooksWithPendingWork}
        SELECT MIN(t) FROM (
          SELECT (SELECT NextAttemptAt FROM Deliveries INDEXED BY IX_Deliveries_Claim
                  WHERE WebhookId = h.id AND Status = {SqlStatus.Pending} AND NextAttemptAt IS NOT NULL AND LeaseExpiresAt IS NULL
                  ORDER BY NextAttemptAt LIMIT 1) AS t
          FROM hooks AS h WHERE h.id IS NOT NULL
          UNION ALL
          SELECT MIN(MAX(NextAttemptAt, LeaseExpiresAt)) FROM Deliveries INDEXED BY IX_Deliveries_Lease
          WHERE Status = {SqlStatus.Pending} AND LeaseExpiresAt IS NOT NULL AND NextAttemptAt IS NOT NULL)
        """;

    public SqliteCommand NextDue { get; } = Sql.Command(connection, NextDueSql);
    public SqliteCommand Candidates { get; } = Sql.Command(connection, CandidatesSql, "$now", "$full", "$cap");
    public SqliteCommand Claim { get; } = Sql.Command(connection, ClaimSql, "$owner", "$expires", "$now", "$ids");
    public SqliteCommand Details { get; } = Sql.Command(connection, DetailsSql, "$ids");
    public SqliteCommand Payloads { get; } = Sql.Command(connection, PayloadsSql, "$ids");

    public void Dispose()
    {
        Candidates.Dispose();
        Claim.Dispose();
        Details.Dispose();
        Payloads.Dispose();
        NextDue.Dispose();
    }
}
