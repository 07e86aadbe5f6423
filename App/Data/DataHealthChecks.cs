using System.Data.Common;
using Dashboard.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Dashboard.Data;

/// <summary>Ready needs the database reachable and every migration this build knows applied.</summary>
internal sealed partial class DatabaseHealthCheck(IDbContextFactory<AppDbContext> dbFactory, ILogger<DatabaseHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy("Reachable; every migration is applied.")
                : HealthCheckResult.Unhealthy($"Reachable, but {pending} migration(s) are not applied yet.");
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            // The exception stays in the log: its message may name the server or the user.
            LogUnreachable(logger, e);
            return HealthCheckResult.Unhealthy("The database cannot be reached.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health: the database cannot be reached")]
    private static partial void LogUnreachable(ILogger logger, Exception e);
}

/// <summary>Ready needs the writer thread alive and no transaction of it running longer than <see cref="HealthOptions.StallAfter"/>.</summary>
internal sealed class WriterHealthCheck(DatabaseWriter writer, IOptions<HealthOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var reading = writer.Heartbeat.Read();
        return Task.FromResult(
            writer.ThreadDied ? HealthCheckResult.Unhealthy("The writer thread has ended.")
            : reading.StalledBeyond(options.Value.StallAfter) ? HealthCheckResult.Unhealthy($"Stalled: one transaction has been running for {reading.For.TotalSeconds:0.#} s.")
            : HealthCheckResult.Healthy(reading.State == LoopState.NotStarted ? "Not used yet." : $"Alive, {reading}."));
    }
}

/// <summary>
/// On PostgreSQL, ready needs the LISTEN connection (wake-ups and live pages from the other instances): a reconnect
/// is normal and degrades only, down longer than <see cref="HealthOptions.StallAfter"/> is unhealthy.
/// </summary>
internal sealed class ListenHealthCheck(PostgreSqlBus bus, IOptions<HealthOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var reading = bus.Heartbeat.Read();
        var down = $"{reading.For.TotalSeconds:0.#} s";
        return Task.FromResult(reading.State switch
        {
            LoopState.Idle => HealthCheckResult.Healthy($"Listening (connected {bus.Connections} time(s) since start)."),
            LoopState.Working when reading.StalledBeyond(options.Value.StallAfter) => HealthCheckResult.Unhealthy($"Not listening for {down}: reconnecting."),
            LoopState.Working => HealthCheckResult.Degraded($"Not listening for {down}: reconnecting."),
            LoopState.NotStarted => HealthCheckResult.Degraded("Not connected yet."),
            _ => HealthCheckResult.Unhealthy("The listener is not running."),
        });
    }
}
