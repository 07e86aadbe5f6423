namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// A clock registered before a bunit context's first render (MudBlazor resolves TimeProvider early) whose time a test can
/// still switch afterwards, e.g. to a FakeTimeProvider: the system's until then.
/// </summary>
public sealed class SwitchableClock : TimeProvider
{
    public TimeProvider Inner { get; set; } = System;

    public override DateTimeOffset GetUtcNow() => Inner.GetUtcNow();
    public override long GetTimestamp() => Inner.GetTimestamp();
    public override long TimestampFrequency => Inner.TimestampFrequency;
    public override TimeZoneInfo LocalTimeZone => Inner.LocalTimeZone;
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => Inner.CreateTimer(callback, state, dueTime, period);
}
