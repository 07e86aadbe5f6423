using Dashboard.Api;

namespace Dashboard.Platform;

/// <summary>The application API's platform-token question, answered from the app's tokens and grants (<see cref="PlatformGrants"/>).</summary>
public sealed class PlatformTokenCheck(PlatformApps apps, PlatformGrants grants) : IPlatformTokenCheck
{
    public bool IsPlatformToken(string token) => token.TrimStart().StartsWith(PlatformApps.TokenPrefix, StringComparison.Ordinal);

    public async Task<(PlatformTokenAnswer Answer, int AppId)> CheckAsync(string token, int accountId, CancellationToken ct)
    {
        if (await apps.FindByTokenAsync(token.Trim(), ct) is not { } appId) return (PlatformTokenAnswer.Unknown, 0);
        return await grants.MayReachAccountAsync(appId, accountId, ct) ? (PlatformTokenAnswer.Allowed, appId) : (PlatformTokenAnswer.NotPermitted, appId);
    }
}
