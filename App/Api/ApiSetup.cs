namespace Dashboard.Api;

public static class ApiSetup
{
    public static IHostApplicationBuilder AddApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BusyAnswer>();
        builder.Services.AddApiAuthorization();
        return builder;
    }
}
