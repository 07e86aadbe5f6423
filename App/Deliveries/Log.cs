namespace Dashboard.Deliveries;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Recover for webhook {WebhookId} started: {Count} failed deliveries to resend")]
    public static partial void RecoveryStarted(ILogger logger, int webhookId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recover for webhook {WebhookId} finished: {Done} resent, {Succeeded} succeeded")]
    public static partial void RecoveryFinished(ILogger logger, int webhookId, int done, int succeeded);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recover could not resend delivery {DeliveryId}")]
    public static partial void RecoveryItemFailed(ILogger logger, Exception exception, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention purged {Attempts} attempts, {Deliveries} deliveries and {Events} events older than {Cutoff:u}")]
    public static partial void Purged(ILogger logger, int attempts, int deliveries, int events, DateTime cutoff);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention purge failed; it runs again at the next interval")]
    public static partial void PurgeFailed(ILogger logger, Exception exception);
}
