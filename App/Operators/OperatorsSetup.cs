namespace Dashboard.Operators;

public static class OperatorsSetup
{
    public static IHostApplicationBuilder AddOperators(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<OperatorGuard>();
        builder.Services.AddSingleton<InstallationHealthQuery>();
        builder.Services.AddScoped<OperatorUsers>();
        return builder;
    }
}
