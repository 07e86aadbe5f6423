using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Accounts;

/// <summary>
/// Identity's lockout, mirrored for emails that have no account: after the same number of failures they answer "locked"
/// for the same time, so the locked message cannot tell which emails exist. Kept in memory only and bounded, because
/// anyone can make up emails; forgetting one early costs little (it can only unlock a made-up email sooner).
/// </summary>
internal sealed class UnknownEmailLockout
{
    /// <summary>Room for this many emails at once: with a hashed key, well under a few megabytes.</summary>
    public const int DefaultCapacity = 10_000;

    /// <summary>
    /// Identity keeps a user's failure count until a success or a lockout; memory cannot keep it for ever, so an email's
    /// count lasts this long after its last failure: long enough that spacing failures out cannot tell emails apart.
    /// </summary>
    public static readonly TimeSpan FailuresKept = TimeSpan.FromDays(1);

    private readonly LockoutOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<UnknownEmailLockout> _logger;
    private readonly int _capacity;
    private readonly Dictionary<UInt128, Entry> _entries = [];
    private readonly Lock _gate = new();
    private DateTimeOffset _nextFullWarning;

    public UnknownEmailLockout(IOptions<IdentityOptions> options, TimeProvider time, ILogger<UnknownEmailLockout> logger)
        : this(options, time, logger, DefaultCapacity) { }

    internal UnknownEmailLockout(IOptions<IdentityOptions> options, TimeProvider time, ILogger<UnknownEmailLockout> logger, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _options = options.Value.Lockout;
        _time = time;
        _logger = logger;
        _capacity = capacity;
    }

    /// <summary>How many emails are remembered now (for tests of the bound).</summary>
    internal int Count { get { lock (_gate) return _entries.Count; } }

    public bool IsLockedOut(string normalizedEmail)
    {
        var key = Key(normalizedEmail);
        var now = _time.GetUtcNow();
        lock (_gate) return _entries.TryGetValue(key, out var entry) && IsLocked(entry, now);
    }

    /// <summary>Counts a failed sign-in; true when this failure locks the email, as Identity's own count does for a user.</summary>
    public bool RecordFailure(string normalizedEmail)
    {
        var key = Key(normalizedEmail);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var known = _entries.TryGetValue(key, out var entry) && entry.ForgetAt > now;
            if (known && IsLocked(entry, now)) return true;
            var failures = (known ? entry.Failures : 0) + 1;
            if (!known && !_entries.ContainsKey(key)) MakeRoom(now);

            if (failures >= _options.MaxFailedAccessAttempts)
            {
                // Identity sets the lockout end and starts the count over; once the lockout ends the email starts afresh.
                var until = now + _options.DefaultLockoutTimeSpan;
                _entries[key] = new Entry(0, until, ForgetAt: until);
                return true;
            }

            _entries[key] = new Entry(failures, LockedUntil: null, ForgetAt: now + FailuresKept);
            return false;
        }
    }

    private static bool IsLocked(Entry entry, DateTimeOffset now) => entry.LockedUntil > now;

    private void MakeRoom(DateTimeOffset now)
    {
        if (_entries.Count < _capacity) return;
        foreach (var (key, entry) in _entries)
            if (entry.ForgetAt <= now) _entries.Remove(key);
        if (_entries.Count < _capacity) return;

        // Full of live entries: someone is trying many emails. The one closest to being forgotten goes first.
        var oldest = _entries.MinBy(e => e.Value.ForgetAt).Key;
        _entries.Remove(oldest);
        if (now < _nextFullWarning) return;
        _nextFullWarning = now + _options.DefaultLockoutTimeSpan;
        Log.UnknownEmailLockoutFull(_logger, _capacity);
    }

    // A hash, not the email: every entry has the same small size however long the typed email, and no email is kept.
    private static UInt128 Key(string normalizedEmail) =>
        BinaryPrimitives.ReadUInt128LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail)));

    private readonly record struct Entry(int Failures, DateTimeOffset? LockedUntil, DateTimeOffset ForgetAt);
}
