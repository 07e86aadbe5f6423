using Dashboard.Data;
using Dashboard.Operators;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Operators;

/// <summary>The operator's view over a real database: totals, and troubled accounts worst first.</summary>
public sealed class InstallationHealthQueryTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private async Task<int> WebhookAsync(int accountId, string url, WebhookStatus status = WebhookStatus.Active, bool failing = false)
    {
        await using var db = await _database.CreateDbContextAsync(Ct);
        var now = _time.GetUtcNow().UtcDateTime;
        var webhook = new Webhook
        {
            AccountId = accountId, Url = url, Secret = "whsec_x", Subscriptions = ["message_created"], Status = status,
            FailingSince = failing ? now.AddHours(-2) : null, CreatedAt = now, UpdatedAt = now,
        };
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync(Ct);
        return webhook.Id;
    }

    private async Task TriesAsync(int accountId, int webhookId, int attempts, int succeeded, double hoursAgo)
    {
        await using var db = await _database.CreateDbContextAsync(Ct);
        var hour = _time.GetUtcNow().UtcDateTime.AddHours(-hoursAgo);
        db.WebhookHourlyStats.Add(new WebhookHourlyStat
        {
            AccountId = accountId, WebhookId = webhookId, HourStart = new DateTime(hour.Year, hour.Month, hour.Day, hour.Hour, 0, 0, DateTimeKind.Utc),
            LatencyFloorMs = 100, Attempts = attempts, Succeeded = succeeded,
        });
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public async Task Troubled_accounts_come_worst_first_and_healthy_ones_only_count()
    {
        var healthy = await _database.CreateAccountAsync("Healthy");
        var oneFailing = await _database.CreateAccountAsync("One failing");
        var twoBad = await _database.CreateAccountAsync("Two bad");
        var failedTriesOnly = await _database.CreateAccountAsync("Failed tries only");
        await _database.CreateAccountAsync("No webhooks");

        var ok = await WebhookAsync(healthy, "https://ok.example/h");
        await TriesAsync(healthy, ok, 50, 50, 1);
        var f = await WebhookAsync(oneFailing, "https://f.example/h", failing: true);
        await TriesAsync(oneFailing, f, 10, 2, 3);
        await WebhookAsync(twoBad, "https://a.example/h", failing: true);
        await WebhookAsync(twoBad, "https://b.example/h", WebhookStatus.Disabled);
        var flaky = await WebhookAsync(failedTriesOnly, "https://flaky.example/h");
        await TriesAsync(failedTriesOnly, flaky, 5, 4, 2);
        await TriesAsync(failedTriesOnly, flaky, 100, 0, 30); // older than a day: not counted

        var health = await new InstallationHealthQuery(_database, _time).ReadAsync(Ct);

        Assert.Equal((5, 5, 2, 1), (health.Accounts, health.Webhooks, health.Failing, health.Disabled));
        Assert.Equal((65, 9), (health.Tries, health.FailedTries));
        Assert.Equal(["Two bad", "One failing", "Failed tries only"], health.Worst.Select(r => r.Name));
        Assert.Equal((1, 0, 10, 8), health.Worst[1] is var r ? (r.Failing, r.Disabled, r.Tries, r.FailedTries) : default);
    }
}
