using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Dashboard.Accounts;

/// <summary>
/// Remembers, for <see cref="AccessOptions.ApiAccessCacheDuration"/> (1 s), whose an API token is and that they administer
/// an account, so a client posting hundreds of events a second costs two look-ups a second, not two a request.
/// Only "allowed" is remembered: a refusal is always read fresh, so a token or membership created a moment ago works at once.
/// The short lifetime is the bound for changes made elsewhere (another instance, a removed member, a demotion);
/// <see cref="ForgetUser"/> makes a regenerated token fail at once on this instance. Keys are token hashes, never tokens.
/// </summary>
public sealed class ApiAccessCache(IOptions<AccessOptions> options, TimeProvider time) : RecentAllowances(options.Value.ApiAccessCacheDuration, time)
{
    private readonly ConcurrentDictionary<string, Entry<string>> _owners = new();
    private readonly ConcurrentDictionary<(string UserId, int AccountId), Entry<Membership>> _administrators = new();

    public bool TryGetOwner(string tokenHash, out string userId) => TryGet(_owners, tokenHash, out userId);

    public bool TryGetAdministrator(string userId, int accountId, out Membership membership) =>
        TryGet(_administrators, (userId, accountId), out membership);

    /// <summary>Stores the user a token belongs to, unless a <see cref="ForgetUser"/> ran since <paramref name="generation"/>.</summary>
    public void RememberOwner(string tokenHash, string userId, long generation) => Remember(_owners, tokenHash, userId, userId, generation);

    /// <summary>Stores an allowed administrator, unless a <see cref="ForgetUser"/> ran since <paramref name="generation"/>.</summary>
    public void RememberAdministrator(string userId, Membership membership, long generation)
    {
        if (membership.IsAdministrator) Remember(_administrators, (userId, membership.AccountId), membership, userId, generation);
    }

    /// <summary>Drops everything remembered for the user (their token or rights changed): the next request reads the database.</summary>
    public void ForgetUser(string userId) => Forget(userId, _owners, _administrators);

    /// <summary>Drops everything: an account was deleted, and with it every membership remembered of it.</summary>
    public void ForgetAll() => ForgetAll(_owners, _administrators);
}
