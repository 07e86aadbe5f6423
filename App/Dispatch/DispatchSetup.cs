namespace Dashboard.Dispatch;

public static class DispatchSetup
{
    public static IHostApplicationBuilder AddDispatch(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DispatchSignal>();
        return builder;
    }
}
