namespace Dashboard.Deliveries;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Retention purged {Attempts} attempts, {Deliveries} deliveries and {Events} events older than {Cutoff:u}")]
    public static partial void Purged(ILogger logger, int attempts, int deliveries, int events, DateTime cutoff);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention purge failed; it runs again at the next interval")]
    public static partial void PurgeFailed(ILogger logger, Exception exception);
}
