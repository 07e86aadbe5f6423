using Dashboard.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Accounts;

public sealed class UnknownEmailLockoutTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    // Not the app's numbers (5 attempts, 5 minutes): the lockout must follow whatever Identity is configured with.
    private UnknownEmailLockout Lockout(int capacity = UnknownEmailLockout.DefaultCapacity) =>
        new(Options.Create(new IdentityOptions { Lockout = { MaxFailedAccessAttempts = 3, DefaultLockoutTimeSpan = TimeSpan.FromMinutes(2) } }),
            _time, NullLogger<UnknownEmailLockout>.Instance, capacity);

    [Fact]
    public void The_last_allowed_failure_locks_the_email_until_the_lockout_span_has_passed_then_it_starts_afresh()
    {
        var lockout = Lockout();

        Assert.False(lockout.RecordFailure("NOBODY@EXAMPLE.TEST"));
        Assert.False(lockout.RecordFailure("NOBODY@EXAMPLE.TEST"));
        Assert.False(lockout.IsLockedOut("NOBODY@EXAMPLE.TEST"));
        Assert.True(lockout.RecordFailure("NOBODY@EXAMPLE.TEST"));
        Assert.False(lockout.IsLockedOut("SOMEONE-ELSE@EXAMPLE.TEST"));

        _time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));
        Assert.True(lockout.IsLockedOut("NOBODY@EXAMPLE.TEST"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(lockout.IsLockedOut("NOBODY@EXAMPLE.TEST"));

        // Like Identity, the count started over when the lockout was set.
        Assert.False(lockout.RecordFailure("NOBODY@EXAMPLE.TEST"));
        Assert.False(lockout.RecordFailure("NOBODY@EXAMPLE.TEST"));
        Assert.True(lockout.RecordFailure("NOBODY@EXAMPLE.TEST"));
    }

    [Fact]
    public void Failures_spaced_out_still_count_as_a_real_accounts_do_and_are_forgotten_only_after_a_day()
    {
        var lockout = Lockout();

        // Spacing failures out past the lockout span must not tell an unknown email from a real one.
        Assert.False(lockout.RecordFailure("NOBODY@EXAMPLE.TEST"));
        _time.Advance(TimeSpan.FromHours(3));
        Assert.False(lockout.RecordFailure("NOBODY@EXAMPLE.TEST"));
        _time.Advance(TimeSpan.FromHours(3));
        Assert.True(lockout.RecordFailure("NOBODY@EXAMPLE.TEST"));

        _time.Advance(TimeSpan.FromMinutes(3)); // lockout over: the count starts afresh
        Assert.False(lockout.RecordFailure("SOMEONE@EXAMPLE.TEST"));
        _time.Advance(UnknownEmailLockout.FailuresKept + TimeSpan.FromMinutes(1));
        Assert.False(lockout.RecordFailure("SOMEONE@EXAMPLE.TEST"));
        Assert.False(lockout.RecordFailure("SOMEONE@EXAMPLE.TEST")); // the first one was forgotten: 2 of 3
    }

    [Fact]
    public void Memory_stays_bounded_forgotten_emails_go_first_and_a_new_email_is_still_counted()
    {
        var lockout = Lockout(capacity: 100);

        for (var i = 0; i < 1_000; i++) lockout.RecordFailure($"MADE-UP-{i}@EXAMPLE.TEST");
        Assert.Equal(100, lockout.Count);

        // Full of live entries: the newest email still gets its lockout.
        Assert.False(lockout.RecordFailure("NOBODY@EXAMPLE.TEST"));
        Assert.False(lockout.RecordFailure("NOBODY@EXAMPLE.TEST"));
        Assert.True(lockout.RecordFailure("NOBODY@EXAMPLE.TEST"));
        Assert.Equal(100, lockout.Count);

        // Entries past their time make room before any live one is dropped.
        _time.Advance(UnknownEmailLockout.FailuresKept);
        lockout.RecordFailure("LATER@EXAMPLE.TEST");
        Assert.Equal(1, lockout.Count);
    }
}
