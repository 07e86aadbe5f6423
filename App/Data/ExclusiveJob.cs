using Microsoft.EntityFrameworkCore;

namespace Dashboard.Data;

/// <summary>
/// Work that runs on one instance at a time (retention, start-up seeding). On PostgreSQL: a transaction-scoped advisory
/// lock, so a dropped connection can never leave it held (a session lock would be freed silently, or kept by a pooled
/// connection). On SQLite there is one process, and its writes already take turns.
/// </summary>
public static class ExclusiveJob
{
    /// <summary>The first key of these advisory locks (the second names the job): "JOB1".</summary>
    internal const int LockSpace = 0x4A4F4231;

    public const int Retention = 1;
    public const int Seeding = 2;
    public const int Migration = 3;

    /// <summary>Inside an open transaction: true when this instance may run the job now (the lock holds until the transaction ends).</summary>
    public static async Task<bool> TryLockAsync(DbContext db, int job, CancellationToken ct = default) =>
        db.Database.IsSqlite() || await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({LockSpace}, {job}) AS \"Value\"").SingleAsync(ct);

    /// <summary>Inside an open transaction: waits until this instance may run the job (the lock holds until the transaction ends).</summary>
    public static async Task LockAsync(DbContext db, int job, CancellationToken ct = default)
    {
        if (!db.Database.IsSqlite())
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockSpace}, {job})", ct);
    }
}
