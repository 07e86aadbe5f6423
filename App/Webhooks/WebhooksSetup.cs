namespace Dashboard.Webhooks;

public static class WebhooksSetup
{
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WebhookService>();
        return builder;
    }
}
