namespace Dashboard.Platform;

/// <summary>Log lines of the platform feature. Never a token, a link or its hash.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} signed in through a one-time sign-in link")]
    public static partial void SignedInByLink(ILogger logger, string userId);
}
