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
        services.AddSingleton<ManualDelivery>();
        services.AddOptions<DispatchOptions>().BindConfiguration(DispatchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AddressGuardOptions>().BindConfiguration(AddressGuardOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // The sender: one client on one pooled, guarded handler, shared by the dispatcher, resends and test-fires.
        services.AddSingleton<AddressGuard>();
        services.AddSingleton<GuardedConnector>();
        services.AddSingleton<WebhookHttp>();
        services.AddSingleton<IWebhookSender, WebhookSender>();

        // The dispatcher: claims with leases, sends within caps, one batching writer records the results.
        services.AddSingleton<RetryPolicy>();
        services.AddSingleton<DeliveryClaims>();
        services.AddSingleton<AttemptWriter>();
        services.AddSingleton<Dispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<Dispatcher>());
        return builder;
    }
}
