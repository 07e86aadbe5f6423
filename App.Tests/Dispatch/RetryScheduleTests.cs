using Dashboard.Deliveries;
using Dashboard.Dispatch;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Dispatch;

/// <summary>The schedule walked on a fake clock against real receivers.</summary>
public sealed class RetryScheduleTests : IAsyncLifetime
{
    private TestReceiver _receiver = null!;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public async ValueTask InitializeAsync() => _receiver = await TestReceiver.StartAsync();

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    [Fact]
    public async Task A_failing_delivery_follows_the_standard_schedule_with_jitter_then_fails()
    {
        await using var app = new DispatchFactory(_time);
        var account = await app.DemoAccountIdAsync();
        _receiver.Script("/down", Reply.Error(500));
        await app.CreateWebhookAsync(account, _receiver.Url("/down"));
        var schedule = DispatchOptions.StandardSchedule;

        var published = await app.PublishAsync(account);
        var deliveryId = Assert.Single(await app.DeliveriesAsync(published.EventId)).Id;
        for (var n = 1; n <= schedule.Count; n++)
        {
            var delivery = await app.WaitForDeliveryAsync(deliveryId, d => d.Attempts == n);
            Assert.Equal(n, _receiver.Requests.Count);
            if (n == schedule.Count) break;
            Assert.Equal(DeliveryStatus.Pending, delivery.Status);
            var planned = schedule[n];
            Assert.InRange(delivery.NextAttemptAt!.Value - delivery.LastAttemptAt!.Value, planned * 0.8, planned * 1.2);
            // Not a moment early: one tick before its time nothing is sent.
            app.AdvanceTo(delivery.NextAttemptAt.Value - TimeSpan.FromSeconds(1));
            await Task.Delay(50, TestContext.Current.CancellationToken);
            Assert.Equal(n, _receiver.Requests.Count);
            app.AdvanceTo(delivery.NextAttemptAt.Value);
        }

        var failed = await app.WaitForDeliveryAsync(deliveryId, d => d.Status != DeliveryStatus.Pending);
        Assert.Equal((DeliveryStatus.Failed, 10), (failed.Status, failed.Attempts));
        Assert.Null(failed.NextAttemptAt);
        var attempts = await app.AttemptsAsync(deliveryId);
        Assert.Equal(Enumerable.Range(1, 10), attempts.Select(a => a.Number));
        Assert.Null(attempts[^1].NextAttemptAt);
        Assert.Single(_receiver.Requests.Select(r => r.Header("webhook-id")).Distinct());
    }

    [Theory]
    [InlineData("100", 100)]     // within bounds: honoured
    [InlineData("100000", 120)]  // capped at twice the planned 60 s
    [InlineData("1", 60)]        // never sooner than a 429 allows
    public async Task A_429_waits_at_least_60_seconds_and_honours_retry_after_within_bounds(string retryAfter, int expectedSeconds)
    {
        await using var app = new DispatchFactory(_time);
        var account = await app.DemoAccountIdAsync();
        _receiver.Script("/busy", Reply.TooMany(retryAfter), Reply.Ok());
        await app.CreateWebhookAsync(account, _receiver.Url("/busy"));

        var published = await app.PublishAsync(account);
        var deliveryId = Assert.Single(await app.DeliveriesAsync(published.EventId)).Id;
        var delivery = await app.WaitForDeliveryAsync(deliveryId, d => d.Attempts == 1);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), delivery.NextAttemptAt!.Value - delivery.LastAttemptAt!.Value);
        app.AdvanceTo(delivery.NextAttemptAt.Value);
        await app.WaitForDeliveryAsync(deliveryId, d => d.Status == DeliveryStatus.Succeeded);
    }

    [Fact]
    public async Task A_timeout_is_recorded_and_waits_at_least_60_seconds()
    {
        await using var app = new DispatchFactory(_time, new Dictionary<string, string?> { ["Dispatch:Timeout"] = "00:00:00.500" });
        var account = await app.DemoAccountIdAsync();
        _receiver.Script("/slow", Reply.Hanging());
        await app.CreateWebhookAsync(account, _receiver.Url("/slow"));

        var published = await app.PublishAsync(account);
        var deliveryId = Assert.Single(await app.DeliveriesAsync(published.EventId)).Id;
        var delivery = await app.WaitForDeliveryAsync(deliveryId, d => d.Attempts == 1);

        var attempt = Assert.Single(await app.AttemptsAsync(deliveryId));
        Assert.Equal(AttemptError.Timeout, attempt.Error);
        Assert.Null(attempt.ResponseStatus);
        Assert.InRange(attempt.DurationMs, 400, 5000);
        Assert.Equal(TimeSpan.FromSeconds(60), delivery.NextAttemptAt!.Value - delivery.LastAttemptAt!.Value);
    }

    [Fact]
    public async Task A_410_disables_the_webhook_and_cancels_its_other_deliveries()
    {
        await using var app = new DispatchFactory(_time);
        var account = await app.DemoAccountIdAsync();
        _receiver.Script("/gone", Reply.Error(500), Reply.Gone());
        var gone = await app.CreateWebhookAsync(account, _receiver.Url("/gone"));
        var healthy = await app.CreateWebhookAsync(account, _receiver.Url("/healthy"));

        var first = await app.PublishAsync(account);
        var waiting = (await app.DeliveriesAsync(first.EventId)).Single(d => d.WebhookId == gone.Id);
        await app.WaitForDeliveryAsync(waiting.Id, d => d.Attempts == 1);
        var second = await app.PublishAsync(account);
        var answered = (await app.DeliveriesAsync(second.EventId)).Single(d => d.WebhookId == gone.Id);
        await app.WaitForDeliveryAsync(answered.Id, d => d.Status != DeliveryStatus.Pending);

        await using var db = app.CreateDbContext();
        var webhook = await db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == gone.Id, TestContext.Current.CancellationToken);
        Assert.Equal(WebhookStatus.Disabled, webhook.Status);
        Assert.Equal("Receiver answered 410 Gone", webhook.DisabledReason);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, webhook.DisabledAt);
        Assert.Equal(DeliveryStatus.Failed, (await db.Deliveries.SingleAsync(d => d.Id == answered.Id, TestContext.Current.CancellationToken)).Status);
        var cancelled = await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == waiting.Id, TestContext.Current.CancellationToken);
        Assert.Equal(DeliveryStatus.Cancelled, cancelled.Status);
        Assert.Null(cancelled.NextAttemptAt);

        // Nothing more goes out to it, while the healthy webhook keeps receiving.
        app.AdvanceTo(_time.GetUtcNow().UtcDateTime.AddHours(1));
        var third = await app.PublishAsync(account);
        var toHealthy = Assert.Single(await app.DeliveriesAsync(third.EventId));
        Assert.Equal(healthy.Id, toHealthy.WebhookId);
        await app.WaitForDeliveryAsync(toHealthy.Id, d => d.Status == DeliveryStatus.Succeeded);
        Assert.Equal(2, _receiver.To("/gone").Count);
        Assert.Equal(3, _receiver.To("/healthy").Count);
    }

    [Fact]
    public async Task A_webhook_failing_for_5_days_is_disabled_but_a_success_resets_the_count()
    {
        await using var app = new DispatchFactory(_time);
        var account = await app.DemoAccountIdAsync();
        _receiver.Script("/flaky", Reply.Error(500), Reply.Ok(), Reply.Error(500));
        var webhook = await app.CreateWebhookAsync(account, _receiver.Url("/flaky"));
        var start = _time.GetUtcNow().UtcDateTime;

        // Fails at day 0, succeeds at day 3 (clears the record), fails from day 3 on.
        var a = await PublishAndWaitAsync(app, account);
        app.AdvanceTo(start.AddDays(3));
        await app.WaitForDeliveryAsync(a, d => d.Status == DeliveryStatus.Succeeded);
        await PublishAndWaitAsync(app, account);
        app.AdvanceTo(start.AddDays(6));
        var c = await PublishAndWaitAsync(app, account);
        Assert.Equal(WebhookStatus.Active, (await FindAsync(app, webhook.Id)).Status);

        // Day 8 + a bit: the due retries fail again, failing since day 3 for more than 5 days.
        var at = start.AddDays(8).AddHours(1);
        app.AdvanceTo(at);
        var disabled = await app.WaitForAsync(db => db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == webhook.Id), w => w.Status == WebhookStatus.Disabled);

        Assert.Equal("Failing for 5 days", disabled.DisabledReason);
        Assert.Equal(at, disabled.DisabledAt);
        Assert.Equal(DeliveryStatus.Cancelled, (await app.WaitForDeliveryAsync(c, x => x.Status != DeliveryStatus.Pending)).Status);
        await using var db = app.CreateDbContext();
        Assert.False(await db.Deliveries.AnyAsync(x => x.WebhookId == webhook.Id && x.Status == DeliveryStatus.Pending, TestContext.Current.CancellationToken));
        Assert.Equal(0, (await app.PublishAsync(account)).Deliveries);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Waiting_deliveries_of_a_deleted_or_disabled_webhook_are_cancelled_not_sent(bool delete)
    {
        await using var app = new DispatchFactory(_time);
        var account = await app.DemoAccountIdAsync();
        _receiver.Script("/hook", Reply.Error(500), Reply.Ok());
        var webhook = await app.CreateWebhookAsync(account, _receiver.Url("/hook"));
        var id = await PublishAndWaitAsync(app, account);
        var waiting = await app.WaitForDeliveryAsync(id, d => d.Attempts == 1);

        var webhooks = app.Services.GetRequiredService<WebhookService>();
        if (delete) await webhooks.DeleteAsync(account, webhook.Id, TestContext.Current.CancellationToken);
        else await webhooks.SetStatusAsync(account, webhook.Id, WebhookStatus.Disabled, "Paused by admin", TestContext.Current.CancellationToken);
        app.AdvanceTo(waiting.NextAttemptAt!.Value);

        var ended = await app.WaitForDeliveryAsync(id, d => d.Status != DeliveryStatus.Pending);
        Assert.Equal((DeliveryStatus.Cancelled, 1), (ended.Status, ended.Attempts));
        Assert.Null(ended.LeaseOwner);
        Assert.Single(_receiver.Requests);
    }

    private static async Task<Guid> PublishAndWaitAsync(DispatchFactory app, int account)
    {
        var published = await app.PublishAsync(account);
        var id = Assert.Single(await app.DeliveriesAsync(published.EventId)).Id;
        await app.WaitForDeliveryAsync(id, x => x.Attempts >= 1);
        return id;
    }

    private static async Task<Webhook> FindAsync(DispatchFactory app, int id)
    {
        await using var db = app.CreateDbContext();
        return await db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == id);
    }
}
