using Dashboard.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Dashboard.Dispatch;

/// <summary>
/// Ready needs the dispatcher's claim loop running and on time: a claim that never returns, or a sleep past its planned
/// wake-up by more than <see cref="HealthOptions.StallAfter"/>, is a stall. An instance with <c>Dispatch:Enabled=false</c>
/// sends nothing on purpose and is ready.
/// </summary>
internal sealed class DispatcherHealthCheck(Dispatcher dispatcher, IOptions<DispatchOptions> dispatch, IOptions<HealthOptions> health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!dispatch.Value.Enabled) return Task.FromResult(HealthCheckResult.Healthy("Disabled on this instance (Dispatch:Enabled=false)."));
        var reading = dispatcher.Heartbeat.Read();
        return Task.FromResult(
            reading.State == LoopState.Stopped || dispatcher.ExecuteTask is { IsCompleted: true } ? HealthCheckResult.Unhealthy("The dispatcher has stopped.")
            : reading.StalledBeyond(health.Value.StallAfter) ? HealthCheckResult.Unhealthy($"Stalled: {reading}.")
            : reading.State == LoopState.NotStarted ? HealthCheckResult.Healthy("Starting.")
            : HealthCheckResult.Healthy($"Alive, {reading}; {dispatcher.InFlight} send(s) in flight."));
    }
}
