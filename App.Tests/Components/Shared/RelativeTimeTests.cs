using Bunit;
using Dashboard.Components.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Components.Shared;

public sealed class RelativeTimeTests : BunitContext
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

    public RelativeTimeTests() => Services.AddSingleton<TimeProvider>(_time);

    [Fact]
    public void An_open_page_moves_on_from_just_now_without_a_reload_and_keeps_the_exact_time_on_hover()
    {
        var at = _time.GetUtcNow().UtcDateTime.AddSeconds(-10);
        var cut = Render<RelativeTime>(p => p.Add(t => t.At, at).Add(t => t.TestId, "when"));
        var time = () => cut.Find("[data-testid=when]");
        Assert.Equal("just now", time().TextContent);
        Assert.Equal("2026-12-02T11:59:50.0000000Z", time().GetAttribute("datetime"));

        _time.Advance(TimeSpan.FromMinutes(3) - TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.Equal("3 min ago", time().TextContent));
        _time.Advance(TimeSpan.FromHours(2));
        cut.WaitForAssertion(() => Assert.Equal("2 h ago", time().TextContent));
        Assert.Equal(DisplayFormat.Time(at), time().GetAttribute("title"));
    }

    [Fact]
    public void A_time_to_come_counts_down()
    {
        var cut = Render<RelativeTime>(p => p.Add(t => t.At, _time.GetUtcNow().UtcDateTime.AddMinutes(25)).Add(t => t.Prefix, "next "));
        Assert.Equal("next in 25 min", cut.Find("time").TextContent);
        _time.Advance(TimeSpan.FromMinutes(20));
        cut.WaitForAssertion(() => Assert.Equal("next in 5 min", cut.Find("time").TextContent));
    }

    [Fact]
    public async Task Its_timer_stops_with_the_component()
    {
        var cut = Render<RelativeTime>(p => p.Add(t => t.At, _time.GetUtcNow().UtcDateTime));
        await DisposeComponentsAsync();
        _time.Advance(TimeSpan.FromMinutes(5)); // a timer left behind would render a disposed component and throw here
        Assert.True(cut.IsDisposed);
    }
}
