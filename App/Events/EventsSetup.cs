namespace Dashboard.Events;

public static class EventsSetup
{
    public static IHostApplicationBuilder AddEvents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OutboxWriter>();
        builder.Services.AddSingleton<IEventPublisher, EventPublisher>();
        return builder;
    }
}
