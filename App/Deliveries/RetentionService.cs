using Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Deliveries;

/// <summary>How many rows one purge removed.</summary>
public sealed record PurgeResult(int Attempts, int Deliveries, int Events, int StatsHours = 0, int ChatIds = 0);

/// <summary>
/// Deletes what is older than <see cref="RetentionOptions.RetentionDays"/>: attempts first, then ended deliveries with no
/// attempts left, then events with no deliveries left, so nothing is orphaned. Small batches with pauses in between.
/// </summary>
public sealed class RetentionService(IDbContextFactory<AppDbContext> dbFactory, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionService> logger)
    : BackgroundService
{
    private const string PurgeAttempts = "DELETE FROM Attempts WHERE Id IN (SELECT Id FROM Attempts WHERE StartedAt < {0} LIMIT {1})";

    // Pending deliveries belong to the dispatcher; a delivery with a newer attempt (a late resend) stays until that attempt goes.
    private static readonly string PurgeDeliveries = $$"""
        DELETE FROM Deliveries WHERE Id IN (
            SELECT d.Id FROM Deliveries d WHERE d.Id < {0} AND d.Status <> {{SqlStatus.Pending}}
              AND NOT EXISTS (SELECT 1 FROM Attempts a WHERE a.DeliveryId = d.Id) LIMIT {1})
        """;

    private const string PurgeEvents = """
        DELETE FROM Events WHERE Id IN (
            SELECT e.Id FROM Events e WHERE e.Id < {0}
              AND NOT EXISTS (SELECT 1 FROM Deliveries d WHERE d.EventId = e.Id) LIMIT {1})
        """;

    // The log search's chat ids of events older than the cutoff. Rows are in insertion (time) order, so the oldest batch is
    // the first rows by key: only those are looked at, never the whole table; a batch that reaches young rows is the last.
    private const string PurgeChatIds = """
        DELETE FROM EventChatIds WHERE Id IN (
            SELECT Id FROM (SELECT Id, EventId FROM EventChatIds ORDER BY Id LIMIT {1}) AS oldest WHERE EventId < {0})
        """;

    // The stats page shows 7 days; a day more covers the whole first day of its daily chart in any time zone of the clock.
    private const string PurgeStats = """
        DELETE FROM WebhookHourlyStats WHERE (WebhookId, HourStart, LatencyFloorMs) IN (
            SELECT WebhookId, HourStart, LatencyFloorMs FROM WebhookHourlyStats WHERE HourStart < {0} LIMIT {1})
        """;

    public static readonly TimeSpan StatsKept = TimeSpan.FromDays(8);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionInterval, time);
        do
        {
            try { await PurgeAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { Log.PurgeFailed(logger, e); }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<PurgeResult> PurgeAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var cutoff = now.AddDays(-options.Value.RetentionDays);
        // Delivery and event ids are UUID v7: "created before the cutoff" is an id range on the primary key.
        var idBound = UuidV7.LowerBound(cutoff);
        var attempts = await InBatchesAsync(PurgeAttempts, cutoff.Ticks, ct);
        var deliveries = await InBatchesAsync(PurgeDeliveries, idBound, ct);
        var events = await InBatchesAsync(PurgeEvents, idBound, ct);
        var chatIds = await InBatchesAsync(PurgeChatIds, idBound, ct);
        var stats = await InBatchesAsync(PurgeStats, (now - StatsKept).Ticks, ct);
        var result = new PurgeResult(attempts, deliveries, events, stats, chatIds);
        if (attempts + deliveries + events > 0) Log.Purged(logger, attempts, deliveries, events, cutoff);
        return result;
    }

    private async Task<int> InBatchesAsync(string sql, object bound, CancellationToken ct)
    {
        var (batch, pause, total) = (options.Value.RetentionBatchSize, options.Value.RetentionPause, 0);
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            // Each batch in its own transaction, under the lock that keeps purges to one instance at a time (PostgreSQL).
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (!await ExclusiveJob.TryLockAsync(db, ExclusiveJob.Retention, ct)) return total; // another instance is purging
            var deleted = await db.Database.ExecuteSqlRawAsync(sql, [bound is Guid id ? Sql.IdValue(db, id) : bound, batch], ct);
            await tx.CommitAsync(ct);
            total += deleted;
            if (deleted < batch) return total;
            if (pause > TimeSpan.Zero) await Task.Delay(pause, time, ct);
        }
    }
}
