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
public sealed class ApiAccessCache(IOptions<AccessOptions> options, TimeProvider time)
{
    private readonly record struct Entry<T>(T Value, string UserId, long ExpiresAt);

    private readonly ConcurrentDictionary<string, Entry<string>> _owners = new();
    private readonly ConcurrentDictionary<(string UserId, int AccountId), Entry<Membership>> _administrators = new();
    private readonly long _lifetimeTicks = (long)(options.Value.ApiAccessCacheDuration.TotalSeconds * time.TimestampFrequency);
    // Bumped by every ForgetUser: a look-up that began before it must not store what it read.
    private long _generation;

    /// <summary>A number to hand back to a <c>Remember</c>, taken before the look-up starts.</summary>
    public long Generation => Volatile.Read(ref _generation);

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
    public void ForgetUser(string userId)
    {
        Interlocked.Increment(ref _generation);
        Forget(_owners, userId);
        Forget(_administrators, userId);
    }

    private bool TryGet<TKey, T>(ConcurrentDictionary<TKey, Entry<T>> map, TKey key, out T value) where TKey : notnull
    {
        if (map.TryGetValue(key, out var entry) && time.GetTimestamp() < entry.ExpiresAt)
        {
            value = entry.Value;
            return true;
        }
        value = default!;
        return false;
    }

    private void Remember<TKey, T>(ConcurrentDictionary<TKey, Entry<T>> map, TKey key, T value, string userId, long generation) where TKey : notnull
    {
        if (_lifetimeTicks <= 0) return;
        var now = time.GetTimestamp();
        if (map.Count >= SweepAbove) Sweep(map, now);
        map[key] = new Entry<T>(value, userId, now + _lifetimeTicks);
        // Checked after the write: a ForgetUser that bumped the generation before this line either sees the entry in its
        // sweep or is seen here, so a stale "allowed" never outlives it.
        if (Generation != generation) map.TryRemove(key, out _);
    }

    private static void Forget<TKey, T>(ConcurrentDictionary<TKey, Entry<T>> map, string userId) where TKey : notnull
    {
        foreach (var (key, entry) in map)
            if (entry.UserId == userId) map.TryRemove(key, out _);
    }

    // Entries are one per token (or user and account) allowed in the last second: a sweep past this many keeps memory flat.
    private const int SweepAbove = 10_000;

    private static void Sweep<TKey, T>(ConcurrentDictionary<TKey, Entry<T>> map, long now) where TKey : notnull
    {
        foreach (var (key, entry) in map)
            if (entry.ExpiresAt <= now) map.TryRemove(key, out _);
    }
}
