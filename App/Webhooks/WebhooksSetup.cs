namespace Dashboard.Webhooks;

public static class WebhooksSetup
{
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WebhookService>();
        builder.Services.AddSingleton<WebhookStatsQuery>();
        builder.Services.AddSingleton<WebhookListHealthQuery>();
        builder.Services.AddSingleton<RecoveryRunner>();
        return builder;
    }
}
