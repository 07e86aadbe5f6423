using Dashboard.Telemetry;
using OpenTelemetry.Metrics;

namespace Dashboard.Dispatch;

public static class DispatchSetup
{
    public static IHostApplicationBuilder AddDispatch(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<DispatchSignal>();
        services.AddSingleton<DispatchHandOff>();
        services.AddSingleton<IDispatchHandOff>(sp => sp.GetRequiredService<DispatchHandOff>());
        services.AddSingleton<DeliveryFeed>();
        services.AddSingleton<ClusterNews>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterNews>());
        services.AddSingleton<ManualDelivery>();
        services.AddOptions<DispatchOptions>().BindConfiguration(DispatchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AddressGuardOptions>().BindConfiguration(AddressGuardOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddWebhookSender();

        // The dispatcher: claims with leases, sends within caps, one batching writer records the results.
        services.AddSingleton<RetryPolicy>();
        services.AddSingleton<DeliveryClaims>();
        services.AddSingleton<AttemptWriter>();
        services.AddSingleton<Dispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<Dispatcher>());

        // Its numbers and its readiness.
        services.AddDashboardMetrics();
        services.AddSingleton<BacklogGauges>();
        services.ConfigureOpenTelemetryMeterProvider(m => m.AddInstrumentation(sp => sp.GetRequiredService<BacklogGauges>()));
        services.AddHealthChecks().AddCheck<DispatcherHealthCheck>("dispatcher", tags: [ServiceDefaults.ReadyTag]);
        return builder;
    }

    /// <summary>
    /// The sender: one client on one pooled, guarded handler, shared by the dispatcher, resends and test-fires. Public so
    /// tests wire the same stack; options (<see cref="AddressGuardOptions"/>, <see cref="DispatchOptions"/>), a
    /// <see cref="TimeProvider"/> and logging come from the caller.
    /// </summary>
    public static IServiceCollection AddWebhookSender(this IServiceCollection services)
    {
        services.AddSingleton<AddressGuard>();
        services.AddSingleton<GuardedConnector>();
        services.AddSingleton<WebhookHttp>();
        services.AddSingleton<IWebhookSender, WebhookSender>();
        return services;
    }
}
