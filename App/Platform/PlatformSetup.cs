using Dashboard.Api;

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
        builder.Services.AddSingleton<IPlatformTokenCheck, PlatformTokenCheck>();
        return builder;
    }

    /// <summary>The Platform API (<c>/platform/api/v1</c>) and the sign-in links' landing (<c>/app/login</c>).</summary>
    public static IEndpointRouteBuilder MapPlatform(this IEndpointRouteBuilder app)
    {
        var api = app.MapPlatformApiGroup().CalledBy(ApiCallers.PlatformApp,
            $"`{PlatformAccess.InvalidTokenMessage}`: not a platform app's token (a personal token is not one); "
            + $"`{PlatformAccess.NotPermittedMessage}`: an account or user the app may not reach");
        api.MapPlatformAccounts();
        api.MapPlatformUsers();
        api.MapPlatformAccountUsers();
        app.MapGet(SignInLinks.Path, SignInLinks.HandleAsync).RequireRateLimiting(ApiRateLimits.Links);
        return app;
    }
}
