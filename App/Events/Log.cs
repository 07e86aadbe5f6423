namespace Dashboard.Events;

/// <summary>Log lines of the events feature. Never a payload.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Event {EventName} accepted for account {AccountId}: {Deliveries} deliveries")]
    public static partial void EventAccepted(ILogger logger, string eventName, int accountId, int deliveries);
}
