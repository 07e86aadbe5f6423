namespace Dashboard.Platform;

public static class PlatformSetup
{
    public static IHostApplicationBuilder AddPlatform(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PlatformApps>();
        return builder;
    }
}
