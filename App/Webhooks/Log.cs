namespace Dashboard.Webhooks;

/// <summary>Log lines of the webhooks feature.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Recover for webhook {WebhookId} started: {Count} failed deliveries to resend")]
    public static partial void RecoveryStarted(ILogger logger, int webhookId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recover for webhook {WebhookId} finished: {Done} resent, {Succeeded} succeeded")]
    public static partial void RecoveryFinished(ILogger logger, int webhookId, int done, int succeeded);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recover for webhook {WebhookId} could not save its progress (other instances may take the run over)")]
    public static partial void RecoveryProgressNotSaved(ILogger logger, Exception exception, int webhookId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recover could not resend delivery {DeliveryId}")]
    public static partial void RecoveryItemFailed(ILogger logger, Exception exception, Guid deliveryId);
}
