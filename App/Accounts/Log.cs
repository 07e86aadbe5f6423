namespace Dashboard.Accounts;

/// <summary>Log lines of the accounts feature. Never a token or its hash.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} generated a new API access token")]
    public static partial void ApiTokenRegenerated(ILogger logger, string userId);
}
