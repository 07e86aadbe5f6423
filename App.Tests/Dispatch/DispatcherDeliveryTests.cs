using Dashboard.Dispatch;
using Dashboard.Deliveries;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Dispatch;

/// <summary>What one published event turns into: the right requests to the right receivers, and every try on record.</summary>
public sealed class DispatcherDeliveryTests : IAsyncLifetime
{
    private TestReceiver _receiver = null!;

    public async ValueTask InitializeAsync() => _receiver = await TestReceiver.StartAsync();

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    [Fact]
    public async Task An_event_fans_out_to_exactly_the_subscribed_active_webhooks_of_its_account()
    {
        await using var app = new DispatchFactory();
        var account = await app.DemoAccountIdAsync();
        var other = await app.CreateAccountAsync("Other Co");
        var subscribed = await app.CreateWebhookAsync(account, _receiver.Url("/subscribed"), "message_created", "contact_created");
        await app.CreateWebhookAsync(account, _receiver.Url("/other-event"), "conversation_created");
        var disabled = await app.CreateWebhookAsync(account, _receiver.Url("/disabled"), "message_created");
        await app.Services.GetRequiredService<WebhookService>().SetStatusAsync(account, disabled.Id, WebhookStatus.Disabled, "paused", TestContext.Current.CancellationToken);
        await app.CreateWebhookAsync(other.AccountId, _receiver.Url("/other-account"), "message_created");

        var published = await app.PublishAsync(account, "message_created");

        Assert.Equal(1, published.Deliveries);
        var delivery = Assert.Single(await app.DeliveriesAsync(published.EventId));
        Assert.Equal(subscribed.Id, delivery.WebhookId);
        await app.WaitForDeliveryAsync(delivery.Id, d => d.Status == DeliveryStatus.Succeeded);
        // The one delivery is done; give a stray request time to show up before checking there is none.
        await Task.Delay(300, TestContext.Current.CancellationToken);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("/subscribed", request.Path);
        Assert.Equal(delivery.Id, Guid.Parse(request.Header("webhook-id")));
        Assert.Contains("\"event\":\"message_created\"", request.Body);
    }

    [Fact]
    public async Task Every_attempt_is_recorded_with_request_response_and_schedule()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new DispatchFactory(time);
        var account = await app.DemoAccountIdAsync();
        _receiver.Script("/hook",
            new Reply(503, "maintenance", "text/plain", new Dictionary<string, string> { ["X-Trace"] = "abc" }),
            Reply.Ok("thanks"));
        var webhook = await app.CreateWebhookAsync(account, _receiver.Url("/hook"));
        var feed = new List<AttemptRecorded>();
        app.Services.GetRequiredService<DeliveryFeed>().AttemptsRecorded += batch => { lock (feed) feed.AddRange(batch); };
        var publishedAt = time.GetUtcNow().UtcDateTime;

        var published = await app.PublishAsync(account);
        var deliveryId = Assert.Single(await app.DeliveriesAsync(published.EventId)).Id;
        var afterFirst = await app.WaitForDeliveryAsync(deliveryId, d => d.Attempts == 1);

        var first = Assert.Single(await app.AttemptsAsync(deliveryId));
        Assert.Equal((1, AttemptTrigger.Scheduled, account, webhook.Id), (first.Number, first.Trigger, first.AccountId, first.WebhookId));
        Assert.Equal(publishedAt, first.StartedAt);
        Assert.InRange(first.DurationMs, 0, 5000);
        Assert.Equal(_receiver.Url("/hook"), first.Url);
        Assert.Contains($"webhook-id: {deliveryId}", first.RequestHeaders.Split('\n'));
        Assert.Equal(503, first.ResponseStatus);
        Assert.Contains("X-Trace: abc", first.ResponseHeaders!.Split('\n'));
        Assert.Equal("maintenance", first.ResponseBody);
        Assert.False(first.Succeeded);
        Assert.Equal(AttemptError.None, first.Error);
        Assert.InRange(first.NextAttemptAt!.Value - first.StartedAt, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6));
        Assert.Equal(DeliveryStatus.Pending, afterFirst.Status);
        Assert.Equal(first.NextAttemptAt, afterFirst.NextAttemptAt);
        Assert.Equal((503, "HTTP 503", publishedAt), (afterFirst.LastStatusCode, afterFirst.LastError, afterFirst.LastAttemptAt));
        Assert.Null(afterFirst.LeaseOwner);
        Assert.Null(afterFirst.LeaseExpiresAt);
        Assert.Equal(publishedAt, (await FindWebhookAsync(app, webhook.Id)).FailingSince);

        app.AdvanceTo(afterFirst.NextAttemptAt!.Value);
        var done = await app.WaitForDeliveryAsync(deliveryId, d => d.Status != DeliveryStatus.Pending);

        Assert.Equal((DeliveryStatus.Succeeded, 2, 200), (done.Status, done.Attempts, done.LastStatusCode));
        Assert.Null(done.NextAttemptAt);
        Assert.Null(done.LastError);
        var second = (await app.AttemptsAsync(deliveryId))[1];
        Assert.Equal((2, true, "thanks"), (second.Number, second.Succeeded, second.ResponseBody));
        Assert.Null(second.NextAttemptAt);
        Assert.Null((await FindWebhookAsync(app, webhook.Id)).FailingSince);
        Assert.Equal([deliveryId, deliveryId], _receiver.To("/hook").Select(r => Guid.Parse(r.Header("webhook-id"))));
        // The feed hears of a try just after its commit, so poll it rather than read it once.
        int Heard() { lock (feed) return feed.Count(f => f.DeliveryId == deliveryId && f.WebhookId == webhook.Id && f.AccountId == account); }
        await Poll.UntilAsync(() => Heard() >= 2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, Heard());
    }

    [Fact]
    public async Task A_blocked_address_is_recorded_as_the_attempts_error_and_nothing_is_sent()
    {
        await using var app = new DispatchFactory(settings: new Dictionary<string, string?> { ["Webhooks:AllowPrivateNetworks"] = "false" });
        var account = await app.DemoAccountIdAsync();
        await app.CreateWebhookAsync(account, $"http://localhost:{_receiver.Port}/hook");

        var published = await app.PublishAsync(account);
        var delivery = await app.WaitForDeliveryAsync(Assert.Single(await app.DeliveriesAsync(published.EventId)).Id, d => d.Attempts == 1);

        var attempt = Assert.Single(await app.AttemptsAsync(delivery.Id));
        Assert.Equal(AttemptError.BlockedAddress, attempt.Error);
        Assert.Null(attempt.ResponseStatus);
        Assert.Contains("blocked", attempt.ErrorMessage);
        Assert.Equal(attempt.ErrorMessage, delivery.LastError);
        Assert.Empty(_receiver.Requests);
    }

    private static async Task<Webhook> FindWebhookAsync(DispatchFactory app, int id)
    {
        await using var db = app.CreateDbContext();
        return await db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == id);
    }
}
