namespace Dashboard.Api;

/// <summary>
/// The application API's questions to the Platform folder, which owns platform apps and their grants (it sits above Api,
/// so Api asks through this contract and never names it): one credential sends every permitted account's events and
/// manages its webhooks.
/// </summary>
public interface IPlatformTokenCheck
{
    /// <summary>True for text shaped like a platform token (their prefix), so personal tokens never cost a second look-up.</summary>
    bool IsPlatformToken(string token);

    /// <summary>The app whose token (current, or in its grace) this is, or null.</summary>
    Task<int?> FindAppAsync(string token, CancellationToken ct);

    Task<bool> MayReachAccountAsync(int appId, int accountId, CancellationToken ct);
}
