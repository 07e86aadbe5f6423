namespace Dashboard.Api;

/// <summary>What a platform app's token may do on the application API: reach an account, or not.</summary>
public enum PlatformTokenAnswer
{
    /// <summary>Not a platform app's token (current, or in its grace).</summary>
    Unknown,
    /// <summary>A platform app's, for an account it may not reach (or no such account).</summary>
    NotPermitted,
    Allowed,
}

/// <summary>
/// The application API's question to the Platform folder, which owns platform apps and their grants (it sits above Api,
/// so Api asks through this contract and never names it): one credential sends every permitted account's events and
/// manages its webhooks.
/// </summary>
public interface IPlatformTokenCheck
{
    /// <summary>True for text shaped like a platform token (their prefix), so personal tokens never cost a second look-up.</summary>
    bool IsPlatformToken(string token);

    Task<(PlatformTokenAnswer Answer, int AppId)> CheckAsync(string token, int accountId, CancellationToken ct);
}
