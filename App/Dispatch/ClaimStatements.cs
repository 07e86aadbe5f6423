using System.Data.Common;
using Dashboard.Data;

namespace Dashboard.Dispatch;

/// <summary>
/// The claim's SQL, prepared once on the writer's connection, with a form per provider: SQLite has one process and one
/// writer, so the claim only has to find due rows fast; PostgreSQL is shared by several instances, so the claim also
/// locks what it takes and keeps each webhook's cap across all of them. What both forms share is written here once.
/// </summary>
internal abstract class ClaimStatements(DbConnection connection, SqlDialect dialect) : IDisposable
{
    public static ClaimStatements For(DbConnection connection, SqlDialect dialect) => dialect.Provider == DatabaseProvider.PostgreSql
        ? new PostgreSqlClaimStatements(connection, dialect)
        : new SqliteClaimStatements(connection, dialect);

    // Claimable: pending, due, and nobody holds it (never leased, or the lease expired). The claim and the hand-off ask this.
    internal static readonly string Claimable = $"Status = {SqlStatus.Pending} AND NextAttemptAt <= @now AND (LeaseExpiresAt IS NULL OR LeaseExpiresAt < @now)";

    // The claim itself re-checks that each row is still free, so two dispatchers can never both take one.
    private readonly DbCommand _claim = Sql.Command(connection, $"""
        UPDATE Deliveries SET LeaseOwner = @lease, LeaseExpiresAt = @expires
        WHERE {dialect.InIdList("Id", "@ids")} AND {Claimable}
        RETURNING Id
        """, "@lease", "@expires", "@now", "@ids");

    private readonly DbCommand _details = Sql.Command(connection, $"""
        SELECT d.Id, d.AccountId, d.WebhookId, d.Attempts, d.EventId, w.Status, {SigningKeys.Columns}
        FROM Deliveries AS d
        LEFT JOIN Webhooks AS w ON w.Id = d.WebhookId AND w.AccountId = d.AccountId
        WHERE {dialect.InIdList("d.Id", "@ids")}
        """, "@ids");

    // Each event's payload once per claim, however many of its deliveries were claimed: a fan-out shares one copy.
    private readonly DbCommand _payloads = Sql.Command(connection,
        $"SELECT Id, {(dialect.Provider == DatabaseProvider.PostgreSql ? "convert_to(Payload, 'UTF8')" : "Payload")}, TraceParent FROM Events WHERE {dialect.InIdList("Id", "@ids")}", "@ids");

    protected SqlDialect Dialect => dialect;

    /// <summary>Per webhook not in <paramref name="full"/>, its oldest claimable rows, as many as its cap still allows.</summary>
    public abstract List<(Guid Id, int WebhookId, long Due)> Candidates(DbTransaction tx, DateTime now, int cap, IEnumerable<int> full);

    /// <summary>
    /// Queues the insert of a fresh delivery offered to a dispatcher slot: leased to it only where it may be handed
    /// straight to it (no due work of its webhook waits for the claim; on PostgreSQL also, the webhook's cap holds across
    /// instances), else unleased, for the claim. Returns the position in <paramref name="batch"/> of the leased insert (one
    /// row changed there: handed off), or null when the answer was no before the batch ran.
    /// </summary>
    public abstract int? AddHandOff(StatementBatch batch, EventRows rows, DeliveryRow row, string lease, DateTime leaseExpires, int cap);

    /// <summary>When the next pending delivery becomes claimable (due and unleased), or null when none is pending.</summary>
    public abstract DateTime? NextDue(DbTransaction tx);

    public List<Guid> Claim(DbTransaction tx, string lease, DateTime expires, DateTime now, IEnumerable<Guid> ids)
    {
        var claimed = new List<Guid>();
        using var reader = Sql.Bind(_claim, tx, ("@lease", lease), ("@expires", Sql.Ticks(expires)), ("@now", Sql.Ticks(now)), ("@ids", dialect.IdList(ids))).ExecuteReader();
        while (reader.Read()) claimed.Add(reader.GetGuid(0));
        return claimed;
    }

    public DbDataReader Details(DbTransaction tx, IEnumerable<Guid> ids) => Sql.Bind(_details, tx, ("@ids", dialect.IdList(ids))).ExecuteReader();

    /// <summary>Each event's payload as stored, as UTF-8 bytes, and the trace context its attempts join.</summary>
    public Dictionary<Guid, (ReadOnlyMemory<byte> Payload, string? TraceParent)> Payloads(DbTransaction tx, IEnumerable<Guid> eventIds)
    {
        var payloads = new Dictionary<Guid, (ReadOnlyMemory<byte>, string?)>();
        using var rows = Sql.Bind(_payloads, tx, ("@ids", dialect.IdList(eventIds))).ExecuteReader();
        while (rows.Read()) payloads[rows.GetGuid(0)] = (rows.GetFieldValue<byte[]>(1), rows.IsDBNull(2) ? null : rows.GetString(2));
        return payloads;
    }

    public virtual void Dispose()
    {
        _claim.Dispose();
        _details.Dispose();
        _payloads.Dispose();
    }
}
