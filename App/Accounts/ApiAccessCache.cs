using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Dashboard.Accounts;

/// <summary>
/// Remembers, for <see cref="AccessOptions.ApiAccessCacheDuration"/> (1 s), that an API token let its user in to an account
/// as an administrator, so a client posting hundreds of events a second costs two look-ups a second, not two a request.
/// Only "allowed" is remembered: a refusal is always read fresh, so a token or membership created a moment ago works at once.
/// The short lifetime is the bound for changes made elsewhere (another instance, a removed member, a demotion);
/// <see cref="ForgetUser"/> makes a regenerated token fail at once on this instance. Keys are token hashes, never tokens.
/// </summary>
public sealed class ApiAccessCache(IOptions<AccessOptions> options, TimeProvider time)
{
    private readonly record struct Entry(string UserId, Membership Membership, long ExpiresAt);

    private readonly ConcurrentDictionary<(string TokenHash, int AccountId), Entry> _allowed = new();
    private readonly long _lifetimeTicks = (long)(options.Value.ApiAccessCacheDuration.TotalSeconds * time.TimestampFrequency);
    // Bumped by every ForgetUser: a look-up that began before it must not store what it read.
    private long _generation;

    /// <summary>A number to hand back to <see cref="Remember"/>, taken before the look-up starts.</summary>
    public long Generation => Volatile.Read(ref _generation);

    public bool TryGet(string tokenHash, int accountId, out string userId, out Membership membership)
    {
        if (_allowed.TryGetValue((tokenHash, accountId), out var entry) && time.GetTimestamp() < entry.ExpiresAt)
        {
            (userId, membership) = (entry.UserId, entry.Membership);
            return true;
        }
        (userId, membership) = (null!, null!);
        return false;
    }

    /// <summary>Stores an allowed administrator, unless a <see cref="ForgetUser"/> ran since <paramref name="generation"/>.</summary>
    public void Remember(string tokenHash, int accountId, string userId, Membership membership, long generation)
    {
        if (_lifetimeTicks <= 0 || !membership.IsAdministrator) return;
        var now = time.GetTimestamp();
        if (_allowed.Count >= SweepAbove) Sweep(now);
        var key = (tokenHash, accountId);
        _allowed[key] = new Entry(userId, membership, now + _lifetimeTicks);
        // Checked after the write: a ForgetUser that bumped the generation before this line either sees the entry in its
        // sweep or is seen here, so a stale "allowed" never outlives it.
        if (Generation != generation) _allowed.TryRemove(key, out _);
    }

    /// <summary>Drops everything remembered for the user (their token changed): the next request reads the database.</summary>
    public void ForgetUser(string userId)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (key, entry) in _allowed)
            if (entry.UserId == userId) _allowed.TryRemove(key, out _);
    }

    // Entries are one per (token, account) that was allowed in the last second: a sweep past this many keeps memory flat.
    private const int SweepAbove = 10_000;

    private void Sweep(long now)
    {
        foreach (var (key, entry) in _allowed)
            if (entry.ExpiresAt <= now) _allowed.TryRemove(key, out _);
    }
}
