namespace Dashboard.Events;

public static class EventsSetup
{
    public static IHostApplicationBuilder AddEvents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OutboxBatcher>();
        builder.Services.AddSingleton<IEventPublisher, EventPublisher>();
        return builder;
    }
}
