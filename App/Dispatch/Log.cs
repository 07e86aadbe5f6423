using Dashboard.Deliveries;

namespace Dashboard.Dispatch;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivery {DeliveryId} to {Host} failed: {Error}")]
    public static partial void SendFailed(ILogger logger, Guid deliveryId, string host, AttemptError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} finished after the attempt writer stopped; its lease will expire and it is sent again")]
    public static partial void WriteAfterStop(ILogger logger, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} dispatch results failed (try {Try}); retrying")]
    public static partial void WriteRetry(ILogger logger, Exception exception, int count, int @try);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} dispatch results failed; their leases expire and they are sent again")]
    public static partial void WriteFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A delivery feed subscriber failed")]
    public static partial void FeedFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Claiming deliveries failed; trying again at the next sweep")]
    public static partial void ClaimFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending delivery {DeliveryId} failed unexpectedly")]
    public static partial void SendCrashed(ILogger logger, Exception exception, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dispatcher {Owner} started")]
    public static partial void Started(ILogger logger, string owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dispatcher {Owner} stopped; {Released} unfinished deliveries released")]
    public static partial void Stopped(ILogger logger, string owner, int released);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} disabled: {Reason}")]
    public static partial void WebhookDisabled(ILogger logger, int webhookId, string reason);
}
