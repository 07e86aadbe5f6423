using Dashboard.Deliveries;

namespace Dashboard.Dispatch;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivery {DeliveryId} to {Host} failed: {Error}")]
    public static partial void SendFailed(ILogger logger, Guid deliveryId, string host, AttemptError error);
}
