using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashboard.Api;

/// <summary>The platform's <c>{"version", "timestamp", "queue_services", "data_services"}</c>, with our version and states.</summary>
public sealed record ApiStatusBody(string Version, string Timestamp, string QueueServices, string DataServices);

/// <summary>
/// <c>GET /api</c>, as the platform answers it (its <c>ApiController#index</c>, no token needed): n8n's credential test
/// calls it. The queue is our dispatcher, the data service our database; each is <c>ok</c> or <c>failing</c> by its
/// health check.
/// </summary>
public static class ApiStatus
{
    public const string Path = "/api";
    public const string QueueCheck = "dispatcher";
    public const string DataCheck = "database";

    public static readonly string Version =
        (typeof(ApiStatus).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    public static IEndpointRouteBuilder MapApiStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, GetAsync).AllowAnonymous().WithTags(ApiTags.Status)
            .WithSummary("The installation's status")
            .WithDescription("As the platform's `GET /api`: the version, the time (UTC) and whether the queue (the dispatcher) and the data "
                             + "service (the database) are `ok` or `failing`. n8n's Chatwoot credential test calls it.")
            .Returns<ApiStatusBody>(StatusCodes.Status200OK, "The status");
        return app;
    }

    private static async Task<IResult> GetAsync(HealthCheckService health, TimeProvider time, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(c => c.Name is QueueCheck or DataCheck, ct);
        // Rails' to_formatted_s(:db): "2026-12-07 13:04:05", in UTC.
        var timestamp = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return ApiJson.Ok(new ApiStatusBody(Version, timestamp, State(report, QueueCheck), State(report, DataCheck)));
    }

    private static string State(HealthReport report, string check) =>
        report.Entries.TryGetValue(check, out var entry) && entry.Status != HealthStatus.Unhealthy ? "ok" : "failing"; // degraded still works
}
