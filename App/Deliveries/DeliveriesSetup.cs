namespace Dashboard.Deliveries;

public static class DeliveriesSetup
{
    public static IHostApplicationBuilder AddDeliveries(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeliveryFeed>();
        builder.Services.AddSingleton<DeliveryLogQuery>();
        builder.Services.AddSingleton<DeliveryDetailQuery>();
        builder.Services.AddSingleton<WebhookStatsQuery>();
        builder.Services.AddSingleton<ManualDelivery>();
        builder.Services.AddSingleton<RecoveryRunner>();

        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RetentionService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        return builder;
    }
}
