using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Dashboard.Telemetry;

/// <summary>
/// What every deployment needs around the product, wired once (eShop's service defaults): health checks (each feature
/// adds its own checks tagged <see cref="ReadyTag"/>), OpenTelemetry metrics, traces and logs, and their endpoints.
/// </summary>
public static class ServiceDefaults
{
    public const string ReadyTag = "ready";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string MetricsPath = "/metrics";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        var options = TelemetryOptions.Read(builder.Configuration, builder.Environment);
        var services = builder.Services;
        services.AddSingleton(options);
        // One clock for every folder, from the lowest one (tests put a FakeTimeProvider in its place).
        services.AddSingleton(TimeProvider.System);
        services.AddDashboardMetrics();
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHealthChecks();

        // The standard OTEL_SERVICE_NAME names the service when set (e.g. one name per deployment).
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "dashboard";
        var otel = services.AddOpenTelemetry().ConfigureResource(r => r.AddService(serviceName));
        if (options.Prometheus || options.Otlp)
            otel.WithMetrics(metrics =>
            {
                metrics.AddMeter(DashboardMetrics.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (options.Prometheus) metrics.AddPrometheusExporter();
            });
        // Meters are found by name in the whole process; one made by another host's factory (several hosts run in one test
        // process) is that host's to report, not this one's.
        services.ConfigureOpenTelemetryMeterProvider((sp, metrics) =>
        {
            var own = sp.GetRequiredService<IMeterFactory>();
            metrics.AddView(i => i.Meter.Scope is IMeterFactory other && !ReferenceEquals(other, own) ? MetricStreamConfiguration.Drop : null);
        });
        if (options.Tracing)
            otel.WithTracing(tracing => tracing
                .AddSource(DashboardMetrics.Name)
                // Probes and scrapes come every few seconds and say nothing about the product.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation());
        if (options.Otlp)
        {
            // The standard OTEL_* variables (endpoint, protocol, headers, service name) configure the exporter.
            builder.Logging.AddOpenTelemetry(logs => logs.IncludeScopes = true);
            otel.UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>
    /// <c>/health/live</c> (the process answers), <c>/health/ready</c> (every check tagged ready), <c>/metrics</c> when on,
    /// and the count of ingestion answers. All anonymous; none shows a secret (<see cref="HealthJson"/>).
    /// </summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<TelemetryOptions>();
        app.UseIngestionMetrics();
        if (options.Prometheus)
            // Outside Telemetry:MetricsNetworks the request goes on as if there were no such path (the pages' 404).
            app.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null,
                predicate: http => http.Request.Path == MetricsPath && options.MayScrape(http.Connection.RemoteIpAddress),
                path: null, configureBranchedPipeline: null, optionsName: null);
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthJson.WriteAsync }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthJson.WriteAsync })
            .AllowAnonymous();
        return app;
    }

    /// <summary>The product's instruments (once, whichever feature asks first).</summary>
    public static IServiceCollection AddDashboardMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<DashboardMetrics>();
        return services;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(MetricsPath);
}
