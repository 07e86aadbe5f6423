namespace Dashboard.Operators;

public static class OperatorsSetup
{
    public static IHostApplicationBuilder AddOperators(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<OperatorGuard>();
        return builder;
    }
}
