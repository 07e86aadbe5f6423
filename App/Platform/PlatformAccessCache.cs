using System.Collections.Concurrent;
using System.Globalization;
using Dashboard.Accounts;
using Microsoft.Extensions.Options;

namespace Dashboard.Platform;

/// <summary>
/// Remembers for <see cref="AccessOptions.ApiAccessCacheDuration"/> (1 s) which app a platform token is and which accounts
/// it may reach, so a platform posting every account's events with one key costs two look-ups a second, not two a request
/// (as <see cref="ApiAccessCache"/> does for personal tokens). Only "allowed" is remembered. A revoked app, an ended grace
/// or a revoked grant is forgotten at once on this instance, and within the second on the others. Keys are token hashes.
/// </summary>
public sealed class PlatformAccessCache(IOptions<AccessOptions> options, TimeProvider time) : RecentAllowances(options.Value.ApiAccessCacheDuration, time)
{
    private readonly ConcurrentDictionary<string, Entry<int>> _apps = new();
    private readonly ConcurrentDictionary<(int AppId, int AccountId), Entry<bool>> _grants = new();

    public bool TryGetApp(string tokenHash, out int appId) => TryGet(_apps, tokenHash, out appId);

    public void RememberApp(string tokenHash, int appId, long generation) => Remember(_apps, tokenHash, appId, Owner(appId), generation);

    public bool IsGranted(int appId, int accountId) => TryGet(_grants, (appId, accountId), out _);

    public void RememberGrant(int appId, int accountId, long generation) => Remember(_grants, (appId, accountId), true, Owner(appId), generation);

    /// <summary>The app's tokens or grants changed: the next request reads the database.</summary>
    public void ForgetApp(int appId) => Forget(Owner(appId), _apps, _grants);

    /// <summary>An account was deleted: whatever any app was allowed there goes.</summary>
    public void ForgetAll() => ForgetAll(_apps, _grants);

    private static string Owner(int appId) => appId.ToString(CultureInfo.InvariantCulture);
}
