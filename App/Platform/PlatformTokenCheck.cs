using Dashboard.Api;

namespace Dashboard.Platform;

/// <summary>
/// The application API's platform-token questions, answered from the app's tokens and grants (<see cref="PlatformGrants"/>),
/// an allowed answer remembered for a second (<see cref="PlatformAccessCache"/>).
/// </summary>
public sealed class PlatformTokenCheck(PlatformApps apps, PlatformGrants grants, PlatformAccessCache cache) : IPlatformTokenCheck
{
    public bool IsPlatformToken(string token) => token.TrimStart().StartsWith(PlatformApps.TokenPrefix, StringComparison.Ordinal);

    public async Task<int?> FindAppAsync(string token, CancellationToken ct)
    {
        if (PlatformApps.HashOf(token) is not { } hash) return null;
        if (cache.TryGetApp(hash, out var cached)) return cached;
        var generation = cache.Generation;
        var appId = await apps.FindByHashAsync(hash, ct);
        if (appId is { } found) cache.RememberApp(hash, found, generation);
        return appId;
    }

    public async Task<bool> MayReachAccountAsync(int appId, int accountId, CancellationToken ct)
    {
        if (cache.IsGranted(appId, accountId)) return true;
        var generation = cache.Generation;
        var granted = await grants.MayReachAccountAsync(appId, accountId, ct);
        if (granted) cache.RememberGrant(appId, accountId, generation);
        return granted;
    }
}
