using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Dashboard.Data;
using Dashboard.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Dispatch;

/// <summary>
/// The backlog as gauges, read when metrics are collected: deliveries due and waiting for a claim, how long the oldest of
/// them has waited, and leases alive (sends in flight on every instance). One query over the pending rows' partial
/// indexes, on a connection of its own (never the writer's), its answer kept for <see cref="MaxAge"/> so that scrapes
/// and exports in quick succession do not each ask the database.
/// </summary>
internal sealed partial class BacklogGauges
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private static readonly string BacklogSql = $"""
        SELECT
          (SELECT COUNT(*) FROM Deliveries WHERE {ClaimStatements.Claimable}),
          (SELECT MIN(NextAttemptAt) FROM Deliveries WHERE {ClaimStatements.Claimable}),
          (SELECT COUNT(*) FROM Deliveries WHERE Status = {SqlStatus.Pending} AND LeaseExpiresAt >= @now)
        """;

    private readonly IDbContextFactory<AppDbContext> _dbFactory;
    private readonly TimeProvider _time;
    private readonly ILogger<BacklogGauges> _logger;
    private readonly Lock _gate = new();
    private Backlog? _last;
    private long _readAt;

    public BacklogGauges(DashboardMetrics metrics, IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, ILogger<BacklogGauges> logger)
    {
        (_dbFactory, _time, _logger) = (dbFactory, time, logger);
        var meter = metrics.Meter;
        meter.CreateObservableGauge("dashboard.deliveries.due", () => Measure(b => b.Due), "{delivery}",
            "Deliveries due and waiting for a claim (not in flight).");
        meter.CreateObservableGauge("dashboard.deliveries.oldest_due_age", () => Measure(b => b.OldestDueAge), "s",
            "How long the oldest due delivery has waited past its time (0 when none waits).");
        meter.CreateObservableGauge("dashboard.deliveries.in_flight", () => Measure(b => b.Leased), "{delivery}",
            "Deliveries leased by a dispatcher now (being sent, on any instance).");
    }

    private sealed record Backlog(long Due, double OldestDueAge, long Leased);

    /// <summary>No measurement at all until the database first answered (a made-up zero would read as "no backlog").</summary>
    private IEnumerable<Measurement<T>> Measure<T>(Func<Backlog, T> value) where T : struct =>
        Read() is { } backlog ? [new Measurement<T>(value(backlog))] : [];

    private Backlog? Read()
    {
        lock (_gate)
        {
            if (_last is null || Stopwatch.GetElapsedTime(_readAt) >= MaxAge)
            {
                try
                {
                    _last = Query();
                    _readAt = Stopwatch.GetTimestamp();
                }
                catch (Exception e) when (e is DbException or InvalidOperationException)
                {
                    LogFailed(_logger, e); // the last answer stands until the database answers again
                }
            }
            return _last;
        }
    }

    private Backlog Query()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        using var db = _dbFactory.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        connection.Open();
        using var command = Sql.Command(connection, BacklogSql, "@now");
        Sql.Set(command, "@now", Sql.Ticks(now));
        using var reader = command.ExecuteReader();
        reader.Read();
        var oldest = Sql.ReadTime(reader, 1);
        return new(Convert.ToInt64(reader.GetValue(0)), oldest is { } o && o < now ? (now - o).TotalSeconds : 0, Convert.ToInt64(reader.GetValue(2)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The backlog gauges could not be read; the last values stand")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
