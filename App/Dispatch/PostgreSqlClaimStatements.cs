using System.Data.Common;
using Dashboard.Data;

namespace Dashboard.Dispatch;

/// <summary>
/// The claim on PostgreSQL, shared by several instances (bench and reasons: ../shared/reference/scale-out.md):
/// <list type="bullet">
/// <item>Rows are taken <c>FOR UPDATE SKIP LOCKED</c> inside the writer's short READ COMMITTED transaction: two instances
/// never take one row, and neither waits for the other. No lock outlives the transaction, which never spans an HTTP request.</item>
/// <item>A webhook's cap holds across instances: its live leases are counted under a transaction-scoped advisory lock on
/// the webhook, which the publish-time hand-off takes too. (Each instance counting only its own slots would let N
/// instances send N × cap at once.) A webhook whose lock another instance holds is skipped this round.</item>
/// </list>
/// </summary>
internal sealed class PostgreSqlClaimStatements(DbConnection connection, SqlDialect dialect) : ClaimStatements(connection, dialect)
{
    /// <summary>The first key of the per-webhook advisory locks (the second is the webhook id): "WHK1".</summary>
    public const int WebhookLockSpace = 0x57484B31;

    // The webhooks with pending work, by a loose index scan of IX_Deliveries_Claim (one seek per webhook).
    private static readonly string WebhooksWithPendingWork = $"""
        WITH RECURSIVE hooks(id) AS (
          (SELECT WebhookId FROM Deliveries WHERE Status = {SqlStatus.Pending} ORDER BY WebhookId LIMIT 1)
          UNION ALL
          SELECT (SELECT d.WebhookId FROM Deliveries AS d WHERE d.Status = {SqlStatus.Pending} AND d.WebhookId > h.id ORDER BY d.WebhookId LIMIT 1)
          FROM hooks AS h WHERE h.id IS NOT NULL
        )
        """;

    // Leases alive now on a webhook's rows, whoever holds them: the cap's count across instances.
    private static string LiveLeases(string webhook) =>
        $"(SELECT count(*) FROM Deliveries AS x WHERE x.WebhookId = {webhook} AND x.Status = {SqlStatus.Pending} AND x.LeaseExpiresAt >= @now)";

    // The lock is asked only of webhooks whose front row (the first of the claim index) is due, CASE keeping that order, and
    // held until the transaction ends. The front may be in flight: then the candidates below find the due rows behind it.
    internal static readonly string LockSql = $"""
        {WebhooksWithPendingWork}
        SELECT h.id FROM hooks AS h
        WHERE h.id IS NOT NULL AND NOT (h.id = ANY(@full))
          AND CASE WHEN (SELECT f.NextAttemptAt FROM Deliveries AS f
                         WHERE f.WebhookId = h.id AND f.Status = {SqlStatus.Pending} AND f.NextAttemptAt IS NOT NULL
                         ORDER BY f.NextAttemptAt LIMIT 1) <= @now
                   THEN pg_try_advisory_xact_lock({WebhookLockSpace}, h.id) ELSE FALSE END
        """;

    // A statement after the lock's, so that its snapshot sees every lease committed by the lock's previous holder (a count in
    // the locking statement itself would read a snapshot taken before the lock was granted, and let the cap be passed).
    internal static readonly string CandidatesSql = $"""
        SELECT d.Id, d.WebhookId, d.NextAttemptAt FROM unnest(@locked) AS m(id) CROSS JOIN LATERAL (
          SELECT Id, WebhookId, NextAttemptAt FROM Deliveries
          WHERE WebhookId = m.id AND {Claimable}
          ORDER BY NextAttemptAt LIMIT GREATEST(@cap - {LiveLeases("m.id")}, 0)
          FOR UPDATE SKIP LOCKED) AS d
        """;

    private readonly DbCommand _lock = Sql.Command(connection, LockSql, "@now", "@full");
    private readonly DbCommand _candidates = Sql.Command(connection, CandidatesSql, "@now", "@locked", "@cap");

    // The hand-off keeps the same two rules as the claim, under the same lock: nothing due of this webhook waits (a fresh
    // delivery never overtakes a retry), and its live leases stay under the cap. The lock's answer goes to a setting local
    // to the transaction, which the leased insert, a statement after the lock's, reads: so its snapshot sees every lease
    // committed by the lock's previous holder (as above), and both travel in the publish's one round trip.
    private const string HandOffLock = "dashboard.handoff_lock";

    private readonly DbCommand _tryLock = Sql.Command(connection,
        $"SELECT set_config('{HandOffLock}', pg_try_advisory_xact_lock({WebhookLockSpace}, @webhook)::text, true)", "@webhook");

    private readonly DbCommand _handOff = Sql.Command(connection, EventRows.InsertDeliveryWhere($"""
        current_setting('{HandOffLock}') = 'true'
        AND NOT EXISTS (SELECT 1 FROM Deliveries WHERE WebhookId = @webhook AND {Claimable}) AND {LiveLeases("@webhook")} < @cap
        """, leased: true), [.. EventRows.DeliveryParameters, "@cap"]);

    // As on SQLite: unleased rows give their NextAttemptAt (the front of each webhook's claim range), leased ones the later
    // of NextAttemptAt and their lease's end.
    private readonly DbCommand _nextDue = Sql.Command(connection, $"""
        {WebhooksWithPendingWork}
        SELECT MIN(t) FROM (
          SELECT (SELECT NextAttemptAt FROM Deliveries
                  WHERE WebhookId = h.id AND Status = {SqlStatus.Pending} AND NextAttemptAt IS NOT NULL AND LeaseExpiresAt IS NULL
                  ORDER BY NextAttemptAt LIMIT 1) AS t
          FROM hooks AS h WHERE h.id IS NOT NULL
          UNION ALL
          SELECT MIN(GREATEST(NextAttemptAt, LeaseExpiresAt)) FROM Deliveries
          WHERE Status = {SqlStatus.Pending} AND LeaseExpiresAt IS NOT NULL AND NextAttemptAt IS NOT NULL) AS due
        """);

    public override List<(Guid Id, int WebhookId, long Due)> Candidates(DbTransaction tx, DateTime now, int cap, IEnumerable<int> full)
    {
        var locked = new List<int>();
        using (var reader = Sql.Bind(_lock, tx, ("@now", Sql.Ticks(now)), ("@full", full.ToArray())).ExecuteReader())
            while (reader.Read()) locked.Add(reader.GetInt32(0));
        var candidates = new List<(Guid, int, long)>();
        if (locked.Count == 0) return candidates;
        using (var reader = Sql.Bind(_candidates, tx, ("@now", Sql.Ticks(now)), ("@cap", cap), ("@locked", locked.ToArray())).ExecuteReader())
            while (reader.Read()) candidates.Add((reader.GetGuid(0), reader.GetInt32(1), reader.GetInt64(2)));
        return candidates;
    }

    // Both inserts are queued: the second, unleased, finds the row already there when the first made it.
    public override int? AddHandOff(StatementBatch batch, EventRows rows, DeliveryRow row, string lease, DateTime leaseExpires, int cap)
    {
        batch.Add(_tryLock, ("@webhook", row.WebhookId));
        var leased = batch.Add(_handOff, [.. row.Values(lease, leaseExpires), ("@cap", cap)]);
        rows.AddDeliveryUnlessPresent(batch, row);
        return leased;
    }

    public override DateTime? NextDue(DbTransaction tx) =>
        Sql.Bind(_nextDue, tx).ExecuteScalar() is long ticks ? new DateTime(ticks, DateTimeKind.Utc) : null;

    public override void Dispose()
    {
        base.Dispose();
        _lock.Dispose();
        _candidates.Dispose();
        _tryLock.Dispose();
        _handOff.Dispose();
        _nextDue.Dispose();
    }
}
