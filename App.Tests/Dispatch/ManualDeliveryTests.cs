using Dashboard.Webhooks;
using Dashboard.Data;
using Dashboard.Tests.Deliveries;
using Dashboard.Deliveries;
using Dashboard.Events;
using Dashboard.Dispatch;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Dispatch;

/// <summary>Test-fire, resend and recover against a real receiver on loopback, through the real sender.</summary>
public sealed class ManualDeliveryTests : IAsyncLifetime
{
    private readonly DispatchFactory _app = new();
    private TestReceiver _receiver = null!;
    private int _account;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private ManualDelivery Manual => _app.Services.GetRequiredService<ManualDelivery>();

    public async ValueTask InitializeAsync()
    {
        _receiver = await TestReceiver.StartAsync();
        _account = await _app.DemoAccountIdAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _app.DisposeAsync();
    }

    private async Task<ManualSendResult> TestFireAsync(int webhookId, int accountId = 0) =>
        (await Manual.TestFireAsync(accountId == 0 ? _account : accountId, webhookId, "message_created", EventSamples.For("message_created", _account, "Acme Support").ToJsonString(), Ct))!;

    [Fact]
    public async Task Test_fire_sends_one_signed_request_to_that_webhook_only_and_records_it_as_an_ended_test()
    {
        _receiver.Script("/a", Reply.Error(503, "down"));
        var target = await _app.CreateWebhookAsync(_account, _receiver.Url("/a"));
        await _app.CreateWebhookAsync(_account, _receiver.Url("/b")); // also subscribed to message_created
        var recorded = new List<AttemptRecorded>();
        _app.Services.GetRequiredService<DeliveryFeed>().AttemptsRecorded += batch => { lock (recorded) recorded.AddRange(batch); };

        var result = await TestFireAsync(target.Id);

        Assert.Equal(503, result.Outcome.ResponseStatus);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("/a", request.Path);
        Assert.Equal(result.DeliveryId, Guid.Parse(request.Header("webhook-id")));
        Assert.StartsWith("v1,", request.Header("webhook-signature"));
        var delivery = await _app.WaitForDeliveryAsync(result.DeliveryId, _ => true);
        Assert.Equal((DeliveryStatus.Failed, 1, (DateTime?)null, target.Id), (delivery.Status, delivery.Attempts, delivery.NextAttemptAt, delivery.WebhookId));
        var attempt = Assert.Single(await _app.AttemptsAsync(result.DeliveryId));
        Assert.Equal((AttemptTrigger.Test, 503, "down"), (attempt.Trigger, attempt.ResponseStatus, attempt.ResponseBody));
        Assert.Contains(recorded, r => r.DeliveryId == result.DeliveryId);

        // The dispatcher sweeps every second here: a test is never picked up and retried.
        await Task.Delay(1500, Ct);
        Assert.Single(_receiver.Requests);
        await using var db = _app.CreateDbContext();
        Assert.Equal(1, await db.Deliveries.CountAsync(d => d.EventId == delivery.EventId, Ct));
    }

    [Fact]
    public async Task Resend_records_one_new_attempt_with_trigger_resend_and_a_success_ends_a_failed_delivery()
    {
        _receiver.Script("/hook", Reply.Error(500, "no"), Reply.Ok("yes"));
        var webhook = await _app.CreateWebhookAsync(_account, _receiver.Url("/hook"));
        var test = await TestFireAsync(webhook.Id);

        var resend = await Manual.ResendAsync(_account, test.DeliveryId, Ct);

        Assert.True(resend!.Outcome.Succeeded);
        var attempts = await _app.AttemptsAsync(test.DeliveryId);
        Assert.Equal([(1, AttemptTrigger.Test, 500), (2, AttemptTrigger.Resend, 200)], attempts.Select(a => (a.Number, a.Trigger, a.ResponseStatus ?? 0)));
        var delivery = await _app.WaitForDeliveryAsync(test.DeliveryId, _ => true);
        Assert.Equal((DeliveryStatus.Succeeded, 2, (DateTime?)null, 200), (delivery.Status, delivery.Attempts, delivery.NextAttemptAt, delivery.LastStatusCode));
        // Same webhook-id both times: the receiver can tell it is the same delivery.
        Assert.Equal([test.DeliveryId, test.DeliveryId], _receiver.To("/hook").Select(r => Guid.Parse(r.Header("webhook-id"))));
        // Manual attempts count in the webhook's stats as scheduled ones do (the trigger on Attempts).
        var stats = await _app.Services.GetRequiredService<WebhookStatsQuery>().ForWebhookAsync(_account, webhook.Id, Ct);
        Assert.Equal((2, 1), (stats.Last24Hours.Attempts, stats.Last24Hours.Succeeded));
    }

    [Fact]
    public async Task A_successful_resend_of_a_retrying_delivery_ends_it_and_its_schedule()
    {
        _receiver.Script("/retrying", Reply.Ok("fixed"));
        var webhook = await _app.CreateWebhookAsync(_account, _receiver.Url("/retrying"));
        // Two 500s so far, the third try an hour away: what an admin sees as "Retrying · attempt 3 of 10".
        var now = DateTime.UtcNow;
        var retrying = new Delivery { Id = Guid.CreateVersion7(), AccountId = _account, EventId = Guid.CreateVersion7(), WebhookId = webhook.Id,
            EventName = "message_created", Attempts = 2, LastStatusCode = 500, NextAttemptAt = now.AddHours(1), CreatedAt = now.AddMinutes(-5) };
        await using (var db = _app.CreateDbContext())
        {
            db.Events.Add(new ChatEvent { Id = retrying.EventId, AccountId = _account, Name = "message_created", Payload = "{\"event\":\"message_created\"}", CreatedAt = retrying.CreatedAt, DeliveryCount = 1 });
            db.Deliveries.Add(retrying);
            await db.SaveChangesAsync(Ct);
        }

        var resend = await Manual.ResendAsync(_account, retrying.Id, Ct);

        Assert.True(resend!.Outcome.Succeeded);
        var delivery = await _app.WaitForDeliveryAsync(retrying.Id, d => d.Attempts == 3);
        Assert.Equal((DeliveryStatus.Succeeded, (DateTime?)null, (string?)null, 200), (delivery.Status, delivery.NextAttemptAt, delivery.LeaseOwner, delivery.LastStatusCode));
        Assert.Single(_receiver.Requests);
    }

    [Fact]
    public async Task A_failed_resend_of_a_retrying_delivery_leaves_its_schedule()
    {
        _receiver.Script("/still-down", Reply.Error(500, "still down"));
        var webhook = await _app.CreateWebhookAsync(_account, _receiver.Url("/still-down"));
        var now = DateTime.UtcNow;
        var next = now.AddHours(1);
        var retrying = new Delivery { Id = Guid.CreateVersion7(), AccountId = _account, EventId = Guid.CreateVersion7(), WebhookId = webhook.Id,
            EventName = "message_created", Attempts = 1, LastStatusCode = 500, NextAttemptAt = next, CreatedAt = now.AddMinutes(-5) };
        await using (var db = _app.CreateDbContext())
        {
            db.Events.Add(new ChatEvent { Id = retrying.EventId, AccountId = _account, Name = "message_created", Payload = "{\"event\":\"message_created\"}", CreatedAt = retrying.CreatedAt, DeliveryCount = 1 });
            db.Deliveries.Add(retrying);
            await db.SaveChangesAsync(Ct);
        }

        await Manual.ResendAsync(_account, retrying.Id, Ct);

        var delivery = await _app.WaitForDeliveryAsync(retrying.Id, d => d.Attempts == 2);
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.NotNull(delivery.NextAttemptAt);
        Assert.True(Math.Abs((delivery.NextAttemptAt!.Value - next).TotalSeconds) < 1, "the schedule moved");
    }

    [Fact]
    public async Task A_410_on_a_resend_disables_the_webhook_and_cancels_its_waiting_deliveries_as_a_scheduled_410_does()
    {
        // The test fails, the published event's first try fails (a retry waits), then the resend hears 410 Gone.
        _receiver.Script("/hook", Reply.Error(500), Reply.Error(500), Reply.Gone());
        var webhook = await _app.CreateWebhookAsync(_account, _receiver.Url("/hook"));
        var test = await TestFireAsync(webhook.Id);
        var published = await _app.PublishAsync(_account);
        var waiting = (await _app.DeliveriesAsync(published.EventId)).Single();
        await _app.WaitForDeliveryAsync(waiting.Id, d => d.Attempts == 1);

        var resend = await Manual.ResendAsync(_account, test.DeliveryId, Ct);

        Assert.Equal(410, resend!.Outcome.ResponseStatus);
        var saved = await WebhookAsync(webhook.Id);
        Assert.Equal((WebhookStatus.Disabled, RetryPolicy.GoneReason), (saved.Status, saved.DisabledReason));
        Assert.Equal(DeliveryStatus.Cancelled, (await _app.WaitForDeliveryAsync(waiting.Id, _ => true)).Status);
        Assert.Equal(DeliveryStatus.Failed, (await _app.WaitForDeliveryAsync(test.DeliveryId, _ => true)).Status);
    }

    [Fact]
    public async Task A_410_on_a_test_disables_the_webhook()
    {
        _receiver.Script("/hook", Reply.Gone());
        var webhook = await _app.CreateWebhookAsync(_account, _receiver.Url("/hook"));

        await TestFireAsync(webhook.Id);

        Assert.Equal((WebhookStatus.Disabled, RetryPolicy.GoneReason), ((await WebhookAsync(webhook.Id)).Status, (await WebhookAsync(webhook.Id)).DisabledReason));
    }

    [Fact]
    public async Task A_failed_test_or_resend_marks_the_webhook_failing_and_a_successful_one_clears_it()
    {
        _receiver.Script("/hook", Reply.Error(500), Reply.Ok(), Reply.Error(502));
        var webhook = await _app.CreateWebhookAsync(_account, _receiver.Url("/hook"));

        var test = await TestFireAsync(webhook.Id);
        Assert.NotNull((await WebhookAsync(webhook.Id)).FailingSince);

        await Manual.ResendAsync(_account, test.DeliveryId, Ct);
        Assert.Null((await WebhookAsync(webhook.Id)).FailingSince);

        await Manual.ResendAsync(_account, test.DeliveryId, Ct);
        Assert.NotNull((await WebhookAsync(webhook.Id)).FailingSince);
        // One numbering for every trigger, counted from the row.
        Assert.Equal([(1, AttemptTrigger.Test), (2, AttemptTrigger.Resend), (3, AttemptTrigger.Resend)],
            (await _app.AttemptsAsync(test.DeliveryId)).Select(a => (a.Number, a.Trigger)));
    }

    private async Task<Webhook> WebhookAsync(int id)
    {
        await using var db = _app.CreateDbContext();
        return await db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == id, Ct);
    }

    [Fact]
    public async Task Resend_of_another_accounts_delivery_sends_nothing_and_changes_nothing()
    {
        var webhook = await _app.CreateWebhookAsync(_account, _receiver.Url("/hook"));
        var test = await TestFireAsync(webhook.Id);
        var other = await _app.CreateAccountAsync("Other Co");

        var resend = await Manual.ResendAsync(other.AccountId, test.DeliveryId, Ct);
        var fire = await Manual.TestFireAsync(other.AccountId, webhook.Id, "message_created", EventSamples.For("message_created", other.AccountId, "Other Co").ToJsonString(), Ct);

        Assert.Null(resend);
        Assert.Null(fire);
        Assert.Single(_receiver.Requests);
        Assert.Single(await _app.AttemptsAsync(test.DeliveryId));
    }

    [Fact]
    public async Task Recover_resends_every_failed_delivery_of_the_webhook_since_the_time_in_the_background_with_progress()
    {
        // Four test-fires (three fail), then the three resends: ok, still failing, ok.
        _receiver.Script("/hook", Reply.Error(500), Reply.Error(500), Reply.Error(500), Reply.Ok(), Reply.Ok(), Reply.Error(500), Reply.Ok());
        _receiver.Script("/other", Reply.Error(500));
        var webhook = await _app.CreateWebhookAsync(_account, _receiver.Url("/hook"));
        var otherWebhook = await _app.CreateWebhookAsync(_account, _receiver.Url("/other"));
        var failed = new[] { await TestFireAsync(webhook.Id), await TestFireAsync(webhook.Id), await TestFireAsync(webhook.Id) };
        var succeeded = await TestFireAsync(webhook.Id);
        var elsewhere = await TestFireAsync(otherWebhook.Id);
        var runner = _app.Services.GetRequiredService<RecoveryRunner>();
        var seen = new List<RecoveryProgress>();
        runner.Changed += p => { lock (seen) seen.Add(p); };

        var started = await runner.StartAsync(_account, webhook.Id, DateTime.UtcNow.AddHours(-1), Ct);

        Assert.Equal(3, started!.Total);
        var done = await WaitAsync(() => runner.Current(_account, webhook.Id) is { Finished: true } p ? p : null);
        Assert.Equal((3, 3, 2, 1), (done.Total, done.Done, done.Succeeded, done.Failed));
        Assert.Contains(seen, p => p is { Done: 1, Finished: false });
        Assert.Equal(4 + 3, _receiver.To("/hook").Count);
        Assert.Single(_receiver.To("/other"));
        var resentIds = _receiver.To("/hook").Skip(4).Select(r => Guid.Parse(r.Header("webhook-id")));
        Assert.Equal(failed.Select(f => f.DeliveryId), resentIds);
        Assert.Single(await _app.AttemptsAsync(succeeded.DeliveryId));
        Assert.Single(await _app.AttemptsAsync(elsewhere.DeliveryId));
    }

    [Fact]
    public async Task Recover_counts_failed_and_retrying_deliveries_first_and_has_the_dispatcher_send_the_retrying_ones_once_now()
    {
        // The first retry is ten minutes away, so only Recover can make it go now.
        await using var app = new DispatchFactory(settings: new Dictionary<string, string?> { ["Dispatch:RetrySchedule:0"] = "00:10:00", ["Dispatch:RetrySchedule:1"] = "00:10:00" });
        var account = await app.DemoAccountIdAsync();
        var manual = app.Services.GetRequiredService<ManualDelivery>();
        // A test that failed for good; a published event whose first scheduled try failed; then everything succeeds.
        _receiver.Script("/hook", Reply.Error(500), Reply.Error(500), Reply.Ok(), Reply.Ok());
        var webhook = await app.CreateWebhookAsync(account, _receiver.Url("/hook"));
        var failed = (await manual.TestFireAsync(account, webhook.Id, "message_created", EventSamples.For("message_created", account, "Acme").ToJsonString(), Ct))!;
        var published = await app.PublishAsync(account);
        var retrying = (await app.DeliveriesAsync(published.EventId)).Single();
        var waiting = await app.WaitForDeliveryAsync(retrying.Id, d => d.Attempts == 1 && d.LeaseOwner == null);
        Assert.Equal(DeliveryStatus.Pending, waiting.Status);
        var runner = app.Services.GetRequiredService<RecoveryRunner>();

        var plan = await runner.PlanAsync(account, webhook.Id, DateTime.UtcNow.AddHours(-1), Ct);
        Assert.Equal(new RecoveryPlan(Failed: 1, Retrying: 1), plan);
        Assert.Equal(2, _receiver.To("/hook").Count); // counting sent nothing

        var started = await runner.StartAsync(account, webhook.Id, DateTime.UtcNow.AddHours(-1), Ct);

        Assert.Equal((1, 1), (started!.Total, started.BroughtForward));
        var done = await WaitAsync(() => runner.Current(account, webhook.Id) is { Finished: true } p ? p : null);
        Assert.Equal((1, 1, 0), (done.Done, done.Succeeded, done.Failed));
        // The retrying delivery goes once more, by the dispatcher (a scheduled try), and ends.
        var sent = await app.WaitForDeliveryAsync(retrying.Id, d => d.Status == DeliveryStatus.Succeeded);
        Assert.Equal(2, sent.Attempts);
        Assert.Equal([AttemptTrigger.Scheduled, AttemptTrigger.Scheduled], (await app.AttemptsAsync(retrying.Id)).Select(a => a.Trigger));
        Assert.Equal([AttemptTrigger.Test, AttemptTrigger.Resend], (await app.AttemptsAsync(failed.DeliveryId)).Select(a => a.Trigger));
        await Task.Delay(1500, Ct); // a sweep later: nothing is sent twice
        Assert.Equal(4, _receiver.To("/hook").Count);
        Assert.Equal(new RecoveryPlan(0, 0), await runner.PlanAsync(account, webhook.Id, DateTime.UtcNow.AddHours(-1), Ct));
    }

    [Fact]
    public void Recover_progress_reaches_other_instances_with_every_count()
    {
        var progress = new RecoveryProgress(3, 7, new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc), 12, 5, 2, Finished: false, StoppedByGone: false, BroughtForward: 4);

        Assert.Equal(progress, RecoveryProgress.FromMessage(progress.ToMessage()));
        Assert.Equal(progress with { BroughtForward = 0 }, RecoveryProgress.FromMessage("3:7:" + progress.Since.Ticks + ":12:5:2:0:0"));
        Assert.Null(RecoveryProgress.FromMessage("3:7:x:12:5:2:0:0"));
    }

    [Fact]
    public async Task Recover_stops_when_the_receiver_answers_410_and_sends_nothing_more()
    {
        // Three failed tests, then the first resend hears 410 Gone: the webhook is disabled and the other two stay unsent.
        _receiver.Script("/hook", Reply.Error(500), Reply.Error(500), Reply.Error(500), Reply.Gone(), Reply.Ok());
        var webhook = await _app.CreateWebhookAsync(_account, _receiver.Url("/hook"));
        for (var i = 0; i < 3; i++) await TestFireAsync(webhook.Id);
        var runner = _app.Services.GetRequiredService<RecoveryRunner>();

        await runner.StartAsync(_account, webhook.Id, DateTime.UtcNow.AddHours(-1), Ct);

        var done = await WaitAsync(() => runner.Current(_account, webhook.Id) is { Finished: true } p ? p : null);
        Assert.Equal((3, 1, true), (done.Total, done.Done, done.StoppedByGone));
        Assert.Equal(3 + 1, _receiver.To("/hook").Count);
        Assert.Equal(WebhookStatus.Disabled, (await WebhookAsync(webhook.Id)).Status);
    }

    [Fact]
    public async Task Recover_of_a_webhook_in_another_account_is_refused()
    {
        var webhook = await _app.CreateWebhookAsync(_account, _receiver.Url("/hook"));
        var other = await _app.CreateAccountAsync("Other Co");

        Assert.Null(await _app.Services.GetRequiredService<RecoveryRunner>().StartAsync(other.AccountId, webhook.Id, DateTime.UtcNow.AddDays(-1), Ct));
        Assert.Null(await _app.Services.GetRequiredService<RecoveryRunner>().PlanAsync(other.AccountId, webhook.Id, DateTime.UtcNow.AddDays(-1), Ct));
    }

    private static async Task<T> WaitAsync<T>(Func<T?> read) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (read() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException();
            await Task.Delay(20);
        }
    }
}
