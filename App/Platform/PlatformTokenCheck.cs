using Dashboard.Api;

namespace Dashboard.Platform;

/// <summary>The application API's platform-token questions, answered from the app's tokens and grants (<see cref="PlatformGrants"/>).</summary>
public sealed class PlatformTokenCheck(PlatformApps apps, PlatformGrants grants) : IPlatformTokenCheck
{
    public bool IsPlatformToken(string token) => token.TrimStart().StartsWith(PlatformApps.TokenPrefix, StringComparison.Ordinal);

    public Task<int?> FindAppAsync(string token, CancellationToken ct) => apps.FindByTokenAsync(token.Trim(), ct);

    public Task<bool> MayReachAccountAsync(int appId, int accountId, CancellationToken ct) => grants.MayReachAccountAsync(appId, accountId, ct);
}
