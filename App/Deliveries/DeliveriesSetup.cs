namespace Dashboard.Deliveries;

public static class DeliveriesSetup
{
    public static IHostApplicationBuilder AddDeliveries(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeliveryFeed>();
        builder.Services.AddSingleton<DeliveryLogQuery>();
        builder.Services.AddSingleton<DeliveryDetailQuery>();
        return builder;
    }
}
