namespace Dashboard.Accounts;

/// <summary>Log lines of the accounts feature. Never a token or its hash.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "API request refused: {Reason} (account {AccountId})")]
    public static partial void ApiRefused(ILogger logger, string reason, int accountId);

    [LoggerMessage(Level = LogLevel.Error, Message = "API request {Method} {Path} failed")]
    public static partial void ApiRequestFailed(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} generated a new API access token")]
    public static partial void ApiTokenRegenerated(ILogger logger, string userId);
}
