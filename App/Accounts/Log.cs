namespace Dashboard.Accounts;

/// <summary>Log lines of the accounts feature. Never a token or its hash.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} generated a new API access token")]
    public static partial void ApiTokenRegenerated(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "An open page of account {AccountId} stopped re-checking its user's rights")]
    public static partial void MembershipRecheckFailed(ILogger logger, Exception exception, int accountId);

    // No email: the count alone says that many made-up emails are being tried.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed sign-ins for {Capacity} unknown emails are being tracked; the oldest are forgotten early")]
    public static partial void UnknownEmailLockoutFull(ILogger logger, int capacity);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} set their password through a one-time link")]
    public static partial void PasswordSet(ILogger logger, string userId);
}
