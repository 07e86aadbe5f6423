using System.Diagnostics;
using Dashboard.Data;
using Dashboard.Deliveries;
using Dashboard.Dispatch;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Dispatch;

/// <summary>Caps and stops: a stuck receiver holds only its own slots, and a stop gives unfinished work back.</summary>
public sealed class DispatcherIsolationTests : IAsyncLifetime
{
    private TestReceiver _receiver = null!;

    public async ValueTask InitializeAsync() => _receiver = await TestReceiver.StartAsync();

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    [Fact]
    public async Task A_hanging_receiver_does_not_delay_a_healthy_one()
    {
        // Global cap 4, per webhook 2: without the per-webhook cap the hanging backlog would take every slot.
        await using var app = new DispatchFactory(settings: new Dictionary<string, string?>
        {
            ["Dispatch:Timeout"] = "00:00:10", ["Dispatch:PerWebhookConcurrency"] = "2", ["Dispatch:GlobalConcurrency"] = "4",
        });
        var account = await app.DemoAccountIdAsync();
        _receiver.Script("/stuck", Reply.Hanging());
        var stuck = await app.CreateWebhookAsync(account, _receiver.Url("/stuck"), "conversation_created");
        var healthy = await app.CreateWebhookAsync(account, _receiver.Url("/healthy"), "message_created");
        for (var i = 0; i < 10; i++) await app.PublishAsync(account, "conversation_created", i);
        await _receiver.WaitUntilAsync(r => r.Count(x => x.Path == "/stuck") == 2);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++) await app.PublishAsync(account, "message_created", i);
        await app.WaitForAsync(db => db.Deliveries.CountAsync(d => d.WebhookId == healthy.Id && d.Status == DeliveryStatus.Succeeded), n => n == 20);
        clock.Stop();

        // All 20 healthy deliveries done well inside the stuck receiver's 10 s timeout, which holds at most its 2 slots.
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal(2, _receiver.To("/stuck").Count);
        await using var db = app.CreateDbContext();
        Assert.Equal(0, await db.Attempts.CountAsync(a => a.WebhookId == stuck.Id, TestContext.Current.CancellationToken));
        Assert.Equal(20, _receiver.To("/healthy").Select(r => r.Header("webhook-id")).Distinct().Count());
    }

    [Fact]
    public async Task A_graceful_stop_releases_the_lease_of_a_send_that_did_not_finish()
    {
        await using var app = new DispatchFactory(settings: new Dictionary<string, string?>
        {
            ["Dispatch:Timeout"] = "00:00:30", ["Dispatch:ShutdownGrace"] = "00:00:00.300",
        });
        var account = await app.DemoAccountIdAsync();
        _receiver.Script("/stuck", Reply.Hanging());
        _receiver.Script("/quick", Reply.Ok());
        await app.CreateWebhookAsync(account, _receiver.Url("/stuck"), "conversation_created");
        await app.CreateWebhookAsync(account, _receiver.Url("/quick"), "message_created");
        var hanging = Assert.Single(await app.DeliveriesAsync((await app.PublishAsync(account, "conversation_created")).EventId));
        await _receiver.WaitUntilAsync(r => r.Count == 1);
        var leased = await app.WaitForDeliveryAsync(hanging.Id, d => d.LeaseOwner is not null);
        Assert.StartsWith(app.Services.GetRequiredService<Dispatcher>().Owner + "/", leased.LeaseOwner);

        var clock = Stopwatch.StartNew();
        await app.Services.GetRequiredService<Dispatcher>().StopAsync(TestContext.Current.CancellationToken);
        clock.Stop();

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        await using var db = app.CreateDbContext();
        var released = await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == hanging.Id, TestContext.Current.CancellationToken);
        Assert.Equal((DeliveryStatus.Pending, 0, null, null), (released.Status, released.Attempts, released.LeaseOwner, released.LeaseExpiresAt));
        Assert.Equal(hanging.NextAttemptAt, released.NextAttemptAt);
        // Stopped: new work waits in the database for the next start.
        var later = Assert.Single(await app.DeliveriesAsync((await app.PublishAsync(account, "message_created")).EventId));
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Empty(_receiver.To("/quick"));
        Assert.Equal(DeliveryStatus.Pending, (await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == later.Id, TestContext.Current.CancellationToken)).Status);
    }
}
