using Dashboard.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Telemetry;

public sealed class LoopHeartbeatTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_step_that_runs_on_is_late_by_its_whole_length()
    {
        var heartbeat = new LoopHeartbeat(_time);
        heartbeat.Working();
        _time.Advance(TimeSpan.FromSeconds(3));

        var reading = heartbeat.Read();

        Assert.Equal(LoopState.Working, reading.State);
        Assert.Equal(TimeSpan.FromSeconds(3), reading.Late);
        Assert.True(reading.StalledBeyond(TimeSpan.FromSeconds(2)));
        Assert.False(reading.StalledBeyond(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void A_sleep_is_late_only_past_its_planned_wake_up()
    {
        var heartbeat = new LoopHeartbeat(_time);
        heartbeat.Sleeping(TimeSpan.FromSeconds(5));

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.Zero, heartbeat.Read().Late);

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(2), heartbeat.Read().Late);
        Assert.Contains("2 s late", heartbeat.Read().ToString());
    }

    [Fact]
    public void Waiting_for_work_is_never_late_and_a_new_step_starts_the_count_again()
    {
        var heartbeat = new LoopHeartbeat(_time);
        heartbeat.Idle();
        _time.Advance(TimeSpan.FromHours(5));
        Assert.Equal(TimeSpan.Zero, heartbeat.Read().Late);

        heartbeat.Working();
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(1), heartbeat.Read().Late);
        Assert.Equal(TimeSpan.FromSeconds(1), heartbeat.Read().For);
    }
}
