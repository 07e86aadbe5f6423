namespace Dashboard.Platform;

public static class PlatformSetup
{
    public static IHostApplicationBuilder AddPlatform(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PlatformAccessCache>();
        builder.Services.AddSingleton<PlatformApps>();
        builder.Services.AddSingleton<PlatformGrants>();
        builder.Services.AddSingleton<UserNumbers>();
        builder.Services.AddSingleton<AccountDirectory>();
        builder.Services.AddSingleton<SignInLinks>();
        builder.Services.AddSingleton<Dashboard.Api.IPlatformTokenCheck, PlatformTokenCheck>();
        return builder;
    }

    /// <summary>The Platform API (<c>/platform/api/v1</c>) and the sign-in links' landing (<c>/app/login</c>).</summary>
    public static IEndpointRouteBuilder MapPlatform(this IEndpointRouteBuilder app)
    {
        var api = app.MapPlatformApiGroup();
        api.MapPlatformAccounts();
        api.MapPlatformUsers();
        api.MapPlatformAccountUsers();
        app.MapGet(SignInLinks.Path, SignInLinks.HandleAsync).RequireRateLimiting(Dashboard.Api.ApiRateLimits.Links);
        return app;
    }
}
