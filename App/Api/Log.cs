namespace Dashboard.Api;

/// <summary>Log lines of the JSON API. Never a token or its hash.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "API request refused: {Reason} (account {AccountId})")]
    public static partial void ApiRefused(ILogger logger, string reason, int accountId);

    [LoggerMessage(Level = LogLevel.Error, Message = "API request {Method} {Path} failed")]
    public static partial void ApiRequestFailed(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database stayed locked: {Count} API request(s) answered 503 since the last note")]
    public static partial void DatabaseBusy(ILogger logger, int count);
}
