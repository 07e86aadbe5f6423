using Dashboard.Deliveries;
using Dashboard.Dispatch;
using Dashboard.Telemetry;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Dispatch;

/// <summary>
/// Fresh deliveries go straight from the publisher to the dispatcher when it has a free slot: leased in the row they are
/// inserted with, sent without a claim. Without a slot they wait unleased for the claim, as before.
/// </summary>
public sealed class DispatchHandOffTests : IAsyncLifetime
{
    // The claim loop sweeps once at start and then sleeps for an hour unless woken: what gets sent meanwhile was handed off.
    private static readonly Dictionary<string, string?> OneSlotNoSweep = new()
    {
        ["Dispatch:SweepInterval"] = "01:00:00", ["Dispatch:PerWebhookConcurrency"] = "1", ["Dispatch:Timeout"] = "00:00:02",
    };

    private TestReceiver _receiver = null!;

    public async ValueTask InitializeAsync() => _receiver = await TestReceiver.StartAsync();

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    [Fact]
    public async Task A_fresh_delivery_is_inserted_leased_to_the_dispatcher_and_sent_without_a_claim()
    {
        await using var app = new DispatchFactory(settings: OneSlotNoSweep);
        var account = await app.DemoAccountIdAsync();
        _receiver.Script("/hook", Reply.Hanging());
        await app.CreateWebhookAsync(account, _receiver.Url("/hook"));
        var dispatcher = app.Services.GetRequiredService<Dispatcher>();
        await WaitUntilRunningAsync(app);

        var published = await app.PublishAsync(account);

        var delivery = Assert.Single(await app.DeliveriesAsync(published.EventId));
        Assert.StartsWith(dispatcher.Owner + "/", delivery.LeaseOwner);
        Assert.InRange(delivery.LeaseExpiresAt!.Value - delivery.CreatedAt, TimeSpan.FromSeconds(31), TimeSpan.FromSeconds(33));
        await _receiver.WaitUntilAsync(r => r.Count == 1, TimeSpan.FromSeconds(5));
        Assert.Equal(delivery.Id, Guid.Parse(Assert.Single(_receiver.Requests).Header("webhook-id")));
    }

    [Fact]
    public async Task Without_a_free_slot_the_delivery_waits_unleased_and_is_claimed_when_the_slot_frees()
    {
        await using var app = new DispatchFactory(settings: OneSlotNoSweep);
        var account = await app.DemoAccountIdAsync();
        _receiver.Script("/hook", Reply.Hanging(), Reply.Ok());
        await app.CreateWebhookAsync(account, _receiver.Url("/hook"));
        await WaitUntilRunningAsync(app);
        await app.PublishAsync(account, n: 1);
        await _receiver.WaitUntilAsync(r => r.Count == 1, TimeSpan.FromSeconds(5));

        var second = Assert.Single(await app.DeliveriesAsync((await app.PublishAsync(account, n: 2)).EventId));

        Assert.Null(second.LeaseOwner);
        Assert.Null(second.LeaseExpiresAt);
        // The first send times out after 2 s; its finish frees the slot and wakes the claim, which takes the second.
        await app.WaitForDeliveryAsync(second.Id, d => d.Status == DeliveryStatus.Succeeded, TimeSpan.FromSeconds(10));
        Assert.Equal(2, _receiver.Requests.Count);
    }

    [Fact]
    public async Task A_fresh_delivery_never_overtakes_due_work_of_its_webhook_that_waits_for_the_claim()
    {
        // The first send is held until the test has looked: with one slot per webhook nothing else of it can be sent or
        // leased meanwhile, so what the test reads is the hand-off's decision, not a moment of a race with the claim.
        await using var app = new DispatchFactory(settings: new Dictionary<string, string?>(OneSlotNoSweep) { ["Dispatch:Timeout"] = "00:01:00" });
        var account = await app.DemoAccountIdAsync();
        var looked = new TaskCompletionSource();
        _receiver.Script("/hook", Reply.OkWhen(looked.Task), Reply.Ok());
        var webhook = await app.CreateWebhookAsync(account, _receiver.Url("/hook"));
        await WaitUntilRunningAsync(app);
        await WaitUntilAsleepAsync(app); // past the start-up sweep; the next is an hour away
        // A retry that came due while nobody was looking: stored, unleased, and the dispatcher not woken.
        var due = DateTime.UtcNow.AddMinutes(-1);
        var waiting = new Delivery { Id = Guid.CreateVersion7(), AccountId = account, EventId = Guid.CreateVersion7(), WebhookId = webhook.Id,
            EventName = "message_created", Attempts = 1, NextAttemptAt = due, CreatedAt = due.AddMinutes(-5) };
        await using (var db = app.CreateDbContext())
        {
            db.Events.Add(new Dashboard.Events.ChatEvent { Id = waiting.EventId, AccountId = account, Name = "message_created", Payload = "{\"event\":\"message_created\"}", CreatedAt = waiting.CreatedAt, DeliveryCount = 1 });
            db.Deliveries.Add(waiting);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var fresh = Assert.Single(await app.DeliveriesAsync((await app.PublishAsync(account)).EventId));

        // The slot was free, but the fresh delivery queued behind the due one: not leased, not sent, while the older is in flight.
        await _receiver.WaitUntilAsync(r => r.Count == 1);
        Assert.Null(fresh.LeaseOwner);
        Assert.Null(Assert.Single(await app.DeliveriesAsync(fresh.EventId)).LeaseOwner);
        looked.SetResult();
        await app.WaitForDeliveryAsync(fresh.Id, d => d.Status == DeliveryStatus.Succeeded);
        Assert.Equal([waiting.Id, fresh.Id], _receiver.Requests.Select(r => Guid.Parse(r.Header("webhook-id"))));
    }

    [Fact]
    public async Task Slots_taken_for_hand_off_keep_to_the_caps_and_come_back_when_cancelled()
    {
        await using var app = new DispatchFactory(settings: new Dictionary<string, string?>
        {
            ["Dispatch:PerWebhookConcurrency"] = "2", ["Dispatch:GlobalConcurrency"] = "3",
        });
        await WaitUntilRunningAsync(app);
        var handOff = app.Services.GetRequiredService<DispatchHandOff>();

        var first = handOff.TakeSlot(1);
        var second = handOff.TakeSlot(1);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(handOff.TakeSlot(1)); // webhook 1 is at its cap
        var third = handOff.TakeSlot(2);
        Assert.NotNull(third);
        Assert.Null(handOff.TakeSlot(3)); // the dispatcher is at its global cap

        first.Cancel();
        first.Cancel(); // a second cancel gives nothing back twice
        Assert.NotNull(handOff.TakeSlot(1)); // the cancelled slot came back
        Assert.Null(handOff.TakeSlot(2)); // once: the global cap is reached again

        await app.Services.GetRequiredService<Dispatcher>().StopAsync(TestContext.Current.CancellationToken);
        second.Cancel();
        Assert.Null(handOff.TakeSlot(1)); // stopped: nothing is handed to a dispatcher that is going away
        // A slot taken before the stop and started after it sends nothing: its attempt could not be recorded any more.
        third.Start(new ClaimedDelivery(Guid.NewGuid(), 1, 2, 0, "{}"u8.ToArray(), new SigningKeys(_receiver.Url("/late"), Dashboard.Dispatch.WebhookSecret.Generate(), null)));
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Empty(_receiver.Requests);
    }

    private static bool Release(DispatchHandOff.Taken slot)
    {
        slot.Cancel();
        return false;
    }

    /// <summary>
    /// The dispatcher finished its claims and sleeps until the next sweep (a fixed delay raced a slow start). Asleep for a
    /// while, not just asleep: a wake-up already signalled (the probe's slot given back) would claim once more at once.
    /// </summary>
    private static async Task WaitUntilAsleepAsync(DispatchFactory app)
    {
        var heartbeat = app.Services.GetRequiredService<Dispatcher>().Heartbeat;
        if (!await Poll.UntilAsync(() => heartbeat.Read() is { State: LoopState.Sleeping } reading && reading.For >= TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(10)))
            throw new TimeoutException($"The dispatcher is still {heartbeat.Read().State}.");
    }

    /// <summary>The dispatcher attaches to the hand-off once it runs; until then every delivery waits for the claim.</summary>
    private static async Task WaitUntilRunningAsync(DispatchFactory app)
    {
        app.StartServer();
        var handOff = app.Services.GetRequiredService<DispatchHandOff>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        // A slot is offered only once a running dispatcher has attached; the probe's slot is given straight back.
        while (handOff.TakeSlot(int.MaxValue) is not { } probe || Release(probe))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The dispatcher did not start.");
            await Task.Delay(10);
        }
    }
}
