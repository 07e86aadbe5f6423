using System.Collections.Concurrent;

namespace Dashboard.Accounts;

/// <summary>
/// "Allowed" answers remembered for a short <c>lifetime</c>, and forgotten at once when their owner (a user, a platform app)
/// changes: the mechanics under <see cref="ApiAccessCache"/> and the platform apps' cache. A look-up takes
/// <see cref="Generation"/> before it reads the database and hands it to <see cref="Remember{TKey,T}"/>, so an answer read
/// before a <see cref="Forget"/> is never stored after it.
/// </summary>
public abstract class RecentAllowances(TimeSpan lifetime, TimeProvider time)
{
    protected readonly record struct Entry<T>(T Value, string Owner, long ExpiresAt);

    private readonly long _lifetimeTicks = (long)(lifetime.TotalSeconds * time.TimestampFrequency);
    private long _generation;

    /// <summary>A number to hand back to a <c>Remember</c>, taken before the look-up starts.</summary>
    public long Generation => Volatile.Read(ref _generation);

    protected bool TryGet<TKey, T>(ConcurrentDictionary<TKey, Entry<T>> map, TKey key, out T value) where TKey : notnull
    {
        if (map.TryGetValue(key, out var entry) && time.GetTimestamp() < entry.ExpiresAt)
        {
            value = entry.Value;
            return true;
        }
        value = default!;
        return false;
    }

    protected void Remember<TKey, T>(ConcurrentDictionary<TKey, Entry<T>> map, TKey key, T value, string owner, long generation) where TKey : notnull
    {
        if (_lifetimeTicks <= 0) return;
        var now = time.GetTimestamp();
        if (map.Count >= SweepAbove) Sweep(map, now);
        map[key] = new Entry<T>(value, owner, now + _lifetimeTicks);
        // Checked after the write: a Forget that bumped the generation before this line either sees the entry in its
        // sweep or is seen here, so a stale "allowed" never outlives it.
        if (Generation != generation) map.TryRemove(key, out _);
    }

    /// <summary>Drops every entry of the owner from the maps; look-ups already under way will not store theirs.</summary>
    protected void Forget<TKey1, T1, TKey2, T2>(string owner, ConcurrentDictionary<TKey1, Entry<T1>> first, ConcurrentDictionary<TKey2, Entry<T2>> second)
        where TKey1 : notnull where TKey2 : notnull
    {
        Interlocked.Increment(ref _generation);
        ForgetIn(first, owner);
        ForgetIn(second, owner);
    }

    /// <summary>Drops everything (an account went, with whatever was remembered of it).</summary>
    protected void ForgetAll(params ReadOnlySpan<System.Collections.IDictionary> maps)
    {
        Interlocked.Increment(ref _generation);
        foreach (var map in maps) map.Clear();
    }

    private static void ForgetIn<TKey, T>(ConcurrentDictionary<TKey, Entry<T>> map, string owner) where TKey : notnull
    {
        foreach (var (key, entry) in map)
            if (entry.Owner == owner) map.TryRemove(key, out _);
    }

    // Entries are one per key allowed in the last lifetime: a sweep past this many keeps memory flat.
    private const int SweepAbove = 10_000;

    private static void Sweep<TKey, T>(ConcurrentDictionary<TKey, Entry<T>> map, long now) where TKey : notnull
    {
        foreach (var (key, entry) in map)
            if (entry.ExpiresAt <= now) map.TryRemove(key, out _);
    }
}
