using Dashboard.Data;
using Dashboard.Dispatch;
using Dashboard.Tests.Deliveries;
using Dashboard.Tests.Infrastructure;
using Dashboard.Deliveries;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Webhooks;

public sealed class WebhookStatsQueryTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 30, 0, DateTimeKind.Utc);
    private TestDatabase _db = null!;
    private int _account, _hook, _otherHook;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = new TestDatabase();
        await using var connection = await _db.OpenAsync();
        _account = await LogData.AddAccountAsync(connection, "Acme");
        _hook = await LogData.AddWebhookAsync(connection, _account, "https://a.example/");
        _otherHook = await LogData.AddWebhookAsync(connection, _account, "https://b.example/");
        var delivery = LogData.Generate(1, _account, [_hook], Now.AddDays(-8))[0];
        var other = LogData.Generate(1, _account, [_otherHook], Now.AddDays(-8))[0];
        await LogData.InsertAsync(connection, [delivery, other]);

        // Last 24 h: 20 tries, 10..200 ms, every 4th failed (5 failures). Days 2-6 back: 10 slow successes of 1000 ms.
        for (var i = 1; i <= 20; i++) await LogData.AddAttemptAsync(connection, delivery, i, Now.AddHours(-i), succeeded: i % 4 != 0, durationMs: i * 10);
        for (var i = 0; i < 10; i++) await LogData.AddAttemptAsync(connection, delivery, 100 + i, Now.AddDays(-2 - i * 0.4), durationMs: 1000);
        // Older than 7 days, and another webhook: never counted.
        await LogData.AddAttemptAsync(connection, delivery, 200, Now.AddDays(-7.5), succeeded: false, durationMs: 99_999);
        await LogData.AddAttemptAsync(connection, other, 1, Now.AddHours(-1), succeeded: false, durationMs: 99_999);
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Success_rate_median_and_p95_cover_the_last_24_hours_and_7_days_of_this_webhook_only()
    {
        var stats = await new WebhookStatsQuery(_db, new FakeTimeProvider(new DateTimeOffset(Now))).ForWebhookAsync(_account, _hook, Ct);

        Assert.Equal(new WindowStats(Attempts: 20, Succeeded: 15, MedianMs: 100, P95Ms: 190), stats.Last24Hours);
        Assert.Equal(new WindowStats(Attempts: 30, Succeeded: 25, MedianMs: 150, P95Ms: 1000), stats.Last7Days);
        Assert.Equal(0.75, stats.Last24Hours.SuccessRate);
        Assert.Equal(24, stats.Hourly.Count);
        Assert.Equal(7, stats.Daily.Count);
        Assert.Equal(stats.Last7Days.Attempts, stats.Daily.Sum(b => b.Stats.Attempts));
        Assert.Equal(new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc), stats.Hourly[^1].Start);
    }

    [Fact]
    public async Task Every_inserted_attempt_is_counted_in_its_hour_under_its_latency_floor()
    {
        await using var connection = await _db.OpenAsync();
        var delivery = LogData.Generate(1, _account, [_otherHook], Now)[0];
        await LogData.InsertAsync(connection, [delivery]);
        var hour = new DateTime(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);
        int[] durations = [0, 7, 99, 100, 101, 999, 1000, 1234, 9999, 10_000, 15_000, 123_456, 299_999];
        for (var i = 0; i < durations.Length; i++)
            await LogData.AddAttemptAsync(connection, delivery, i + 1, hour.AddMinutes(i), succeeded: i % 2 == 0, durationMs: durations[i]);
        await LogData.AddAttemptAsync(connection, delivery, 99, hour.AddMinutes(59), succeeded: false, durationMs: 15_000, answered: false);

        await using var db = _db.CreateDbContext();
        var rows = await db.WebhookHourlyStats.Where(r => r.WebhookId == _otherHook && r.HourStart == hour).ToListAsync(Ct);

        // The trigger's SQL and LatencyFloor.Of agree; tries without an answer are counted apart from the latencies.
        var expected = durations.Select(LatencyFloor.Of).Append(LatencyFloor.NoAnswer).GroupBy(f => f).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expected, rows.ToDictionary(r => r.LatencyFloorMs, r => r.Attempts));
        Assert.Equal(7, rows.Sum(r => r.Succeeded));
        Assert.All(rows, r => Assert.Equal(_account, r.AccountId));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(42, 42)]
    [InlineData(99, 99)]
    [InlineData(100, 100)]
    [InlineData(199, 190)]
    [InlineData(1234, 1200)]
    [InlineData(15_999, 15_000)]
    [InlineData(299_999, 290_000)]
    public void Latency_floors_keep_two_significant_digits_and_are_exact_below_100_ms(int ms, int floor)
    {
        Assert.Equal(floor, LatencyFloor.Of(ms));
        Assert.InRange(LatencyFloor.Of(ms), ms * 0.9, ms);
    }

    [Fact]
    public async Task Another_account_sees_no_attempts()
    {
        var stats = await new WebhookStatsQuery(_db, new FakeTimeProvider(new DateTimeOffset(Now))).ForWebhookAsync(_account + 1, _hook, Ct);

        Assert.Equal(0, stats.Last7Days.Attempts);
        Assert.Null(stats.Last7Days.SuccessRate);
        Assert.Null(stats.Last7Days.MedianMs);
    }

    [Theory]
    [InlineData(WebhookStatus.Active, null, null, HealthState.Active, "Active")]
    [InlineData(WebhookStatus.Active, null, 3, HealthState.Failing, "3 days")]
    [InlineData(WebhookStatus.Disabled, "Receiver answered 410 Gone", null, HealthState.Disabled, "Disabled: Receiver answered 410 Gone")]
    [InlineData(WebhookStatus.Disabled, null, null, HealthState.Disabled, "Disabled by an admin")]
    public void Health_names_the_state_and_the_reason(WebhookStatus status, string? reason, int? failingDays, HealthState expected, string words)
    {
        var webhook = new Webhook { Url = "https://a.example/", Secret = "s", Status = status, DisabledReason = reason, FailingSince = failingDays is int d ? Now.AddDays(-d) : null };

        var health = WebhookHealth.Of(webhook, Now);

        Assert.Equal(expected, health.State);
        Assert.Contains(words, health.Summary);
    }
}
