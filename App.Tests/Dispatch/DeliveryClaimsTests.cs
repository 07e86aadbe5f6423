using Dashboard.Deliveries;
using Dashboard.Dispatch;
using Dashboard.Events;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Dispatch;

/// <summary>The claim on its own (dispatcher off): leases, caps per webhook and overall, and what a claim carries.</summary>
public sealed class DeliveryClaimsTests
{
    private static readonly Dictionary<string, string?> DispatcherOff = new() { ["Dispatch:Enabled"] = "false" };

    [Fact]
    public async Task The_deliveries_of_one_event_share_one_copy_of_its_payload()
    {
        // A large event fanned out to many webhooks must not be held once per delivery (issue 15: 250 KB × 500 webhooks).
        await using var app = new DispatchFactory(settings: DispatcherOff);
        var account = await app.DemoAccountIdAsync();
        for (var i = 0; i < 20; i++) await app.CreateWebhookAsync(account, $"http://127.0.0.1:9/fan/{i}");
        var published = await app.PublishAsync(account);
        var now = DateTime.UtcNow.AddSeconds(1);

        var claimed = await app.Services.GetRequiredService<DeliveryClaims>().ClaimAsync("a", now, now.AddSeconds(45), 64, 4, new Dictionary<int, int>());

        Assert.Equal(20, claimed.Count);
        var buffers = claimed.Select(c => System.Runtime.InteropServices.MemoryMarshal.TryGetArray(c.Payload, out var segment) ? segment.Array : null).Distinct().ToList();
        Assert.Single(buffers);
        Assert.NotNull(buffers[0]);
        Assert.Equal(published.EventId, (await app.DeliveriesAsync(published.EventId)).Select(d => d.EventId).Distinct().Single());
    }

    [Fact]
    public async Task A_big_backlog_of_one_webhook_leaves_room_for_the_others()
    {
        await using var app = new DispatchFactory(settings: DispatcherOff);
        var account = await app.DemoAccountIdAsync();
        var busy = await app.CreateWebhookAsync(account, "http://127.0.0.1:9/busy");
        var quiet = await app.CreateWebhookAsync(account, "http://127.0.0.1:9/quiet");
        var now = DateTime.UtcNow;
        // 300 older rows of one webhook (more than one candidate window), then 3 of another.
        await AddDueAsync(app, account, busy.Id, 300, now.AddMinutes(-10));
        await AddDueAsync(app, account, quiet.Id, 3, now.AddMinutes(-1));
        var claims = app.Services.GetRequiredService<DeliveryClaims>();

        var first = await claims.ClaimAsync("a", now, now.AddSeconds(45), limit: 10, perWebhook: 4, new Dictionary<int, int>());

        Assert.Equal(4, first.Count(c => c.WebhookId == busy.Id));
        Assert.Equal(3, first.Count(c => c.WebhookId == quiet.Id));
        // Slots in use count against the cap: one of the four ended, so with 3 of 4 busy, one more.
        var ended = first.First(c => c.WebhookId == busy.Id);
        Assert.True(await app.Services.GetRequiredService<AttemptWriter>().RecordAsync(
            new AttemptItem(ended, Succeeded(now), RetryPolicy.Once(Succeeded(now)), now)));
        var second = await claims.ClaimAsync("a", now, now.AddSeconds(45), 10, 4, new Dictionary<int, int> { [busy.Id] = 3 });
        Assert.Equal([busy.Id], second.Select(c => c.WebhookId));
        Assert.Empty(first.Select(c => c.Id).Intersect(second.Select(c => c.Id)));
    }

    [Fact]
    public async Task Slots_are_read_when_the_claim_runs_and_each_claimed_delivery_takes_one()
    {
        await using var app = new DispatchFactory(settings: DispatcherOff);
        var account = await app.DemoAccountIdAsync();
        var hook = await app.CreateWebhookAsync(account, "http://127.0.0.1:9/hook");
        var now = DateTime.UtcNow;
        await AddDueAsync(app, account, hook.Id, 5, now.AddMinutes(-1));
        var claims = app.Services.GetRequiredService<DeliveryClaims>();
        // Two slots of the webhook went to hand-offs after the dispatcher looked, before the claim ran: the claim sees them.
        var slots = new CountingSlots(free: 10, busy: new() { [hook.Id] = 0 });
        var pending = claims.Writer.RunAsync(_ => slots.TakeTwo(hook.Id), delivering: true); // queued ahead of the claim

        var claimed = await claims.ClaimAsync("a", now, now.AddSeconds(45), perWebhook: 4, slots);

        await pending;
        Assert.Equal(2, claimed.Count); // 4 per webhook, 2 already busy
        Assert.Equal(4, slots.Busy[hook.Id]);
        Assert.Equal(6, slots.Free);
    }

    /// <summary>Slots as a dispatcher counts them, for the claim to read and take.</summary>
    private sealed class CountingSlots(int free, Dictionary<int, int> busy) : DeliveryClaims.IClaimSlots
    {
        public int Free { get; private set; } = free;
        public Dictionary<int, int> Busy { get; } = busy;

        public (int Free, IReadOnlyDictionary<int, int> Busy) Read() => (Free, new Dictionary<int, int>(Busy));

        public void Take(int webhookId)
        {
            Free--;
            Busy[webhookId] = Busy.GetValueOrDefault(webhookId) + 1;
        }

        public void Give(int webhookId)
        {
            Free++;
            Busy[webhookId]--;
        }

        public bool TakeTwo(int webhookId)
        {
            Take(webhookId);
            Take(webhookId);
            return true;
        }
    }

    [Fact]
    public async Task A_lease_keeps_others_away_until_it_expires()
    {
        await using var app = new DispatchFactory(settings: DispatcherOff);
        var account = await app.DemoAccountIdAsync();
        var webhook = await app.CreateWebhookAsync(account, "http://127.0.0.1:9/hook");
        var now = DateTime.UtcNow;
        await AddDueAsync(app, account, webhook.Id, 1, now.AddSeconds(-1));
        await AddDueAsync(app, account, webhook.Id, 1, now.AddMinutes(5));
        var claims = app.Services.GetRequiredService<DeliveryClaims>();
        var ct = TestContext.Current.CancellationToken;
        var none = new Dictionary<int, int>();

        var mine = Assert.Single(await claims.ClaimAsync("a", now, now.AddSeconds(45), 10, 4, none));
        Assert.Empty(await claims.ClaimAsync("b", now.AddSeconds(44), now.AddSeconds(90), 10, 4, none));
        Assert.Equal(now.AddSeconds(45), await claims.NextDueAsync());

        var taken = Assert.Single(await claims.ClaimAsync("b", now.AddSeconds(46), now.AddSeconds(90), 10, 4, none));
        Assert.Equal(mine.Id, taken.Id);
        await using var db = app.CreateDbContext();
        var row = await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == mine.Id, ct);
        Assert.Equal(("b", now.AddSeconds(90)), (row.LeaseOwner, row.LeaseExpiresAt));
        Assert.Equal(now.AddSeconds(90), await claims.NextDueAsync());
    }

    [Fact]
    public async Task A_late_outcome_from_a_lost_lease_is_recorded_but_leaves_the_new_holders_state_alone()
    {
        // A send outlived its lease, and the row was claimed again (here by the same owner, a new lease): when the late
        // outcome arrives, the attempt counts, but the delivery stays the new holder's (scale-out.md: lease tokens).
        await using var app = new DispatchFactory(settings: DispatcherOff);
        var account = await app.DemoAccountIdAsync();
        var webhook = await app.CreateWebhookAsync(account, "http://127.0.0.1:9/hook");
        var now = DateTime.UtcNow;
        await AddDueAsync(app, account, webhook.Id, 1, now.AddSeconds(-1));
        var claims = app.Services.GetRequiredService<DeliveryClaims>();
        var writer = app.Services.GetRequiredService<AttemptWriter>();
        var none = new Dictionary<int, int>();
        var first = Assert.Single(await claims.ClaimAsync("a/1", now, now.AddSeconds(45), 10, 4, none));
        var second = Assert.Single(await claims.ClaimAsync("a/2", now.AddSeconds(46), now.AddSeconds(90), 10, 4, none));

        Assert.True(await writer.RecordAsync(new AttemptItem(first, Succeeded(now), RetryPolicy.Once(Succeeded(now)), now.AddSeconds(50))));

        var row = await RowAsync(app, first.Id);
        Assert.Equal((DeliveryStatus.Pending, 1, "a/2", (DateTime?)now.AddSeconds(90)), (row.Status, row.Attempts, row.LeaseOwner, row.LeaseExpiresAt));
        Assert.Equal([1], (await app.AttemptsAsync(first.Id)).Select(a => a.Number));

        // The holder's own outcome moves it on.
        Assert.True(await writer.RecordAsync(new AttemptItem(second, Succeeded(now), RetryPolicy.Once(Succeeded(now)), now.AddSeconds(60))));
        row = await RowAsync(app, first.Id);
        Assert.Equal((DeliveryStatus.Succeeded, 2, (string?)null), (row.Status, row.Attempts, row.LeaseOwner));
        Assert.Equal([1, 2], (await app.AttemptsAsync(first.Id)).Select(a => a.Number));
    }

    private static SendOutcome Succeeded(DateTime at) => new(at, 12, "", 200, "", "ok", false, false, AttemptError.None, null, null);

    private static async Task<Delivery> RowAsync(DispatchFactory app, Guid id)
    {
        await using var db = app.CreateDbContext();
        return await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == id, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_claim_carries_payload_secrets_and_whether_the_webhook_is_still_active()
    {
        await using var app = new DispatchFactory(settings: DispatcherOff);
        var account = await app.DemoAccountIdAsync();
        var service = app.Services.GetRequiredService<WebhookService>();
        var ct = TestContext.Current.CancellationToken;
        var rotated = await app.CreateWebhookAsync(account, "http://127.0.0.1:9/rotated");
        var oldSecret = rotated.Secret;
        rotated = (await service.RotateSecretAsync(account, rotated.Id, ct))!;
        var disabled = await app.CreateWebhookAsync(account, "http://127.0.0.1:9/disabled");
        var published = await app.PublishAsync(account, n: 42);
        await service.SetStatusAsync(account, disabled.Id, WebhookStatus.Disabled, "paused", ct);
        var now = DateTime.UtcNow.AddSeconds(1);
        var claims = app.Services.GetRequiredService<DeliveryClaims>();

        var claimed = await claims.ClaimAsync("a", now, now.AddSeconds(45), 10, 4, new Dictionary<int, int>());

        var toRotated = claimed.Single(c => c.WebhookId == rotated.Id);
        Assert.Equal(new SigningKeys(rotated.Url, rotated.Secret, oldSecret), toRotated.Keys);
        Assert.Contains("\"id\":42", System.Text.Encoding.UTF8.GetString(toRotated.Payload.Span));
        Assert.Equal((account, 0), (toRotated.AccountId, toRotated.Attempts));
        Assert.False(claimed.Single(c => c.WebhookId == disabled.Id).WebhookActive);
        Assert.Equal(2, (await app.DeliveriesAsync(published.EventId)).Count);
        // After the previous secret's 24 h it no longer signs.
        await using (var db = app.CreateDbContext())
            await db.Deliveries.ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseExpiresAt, (DateTime?)null), ct);
        var later = await claims.ClaimAsync("a", now.AddHours(25), now.AddHours(26), 10, 4, new Dictionary<int, int>());
        Assert.Null(later.Single(c => c.WebhookId == rotated.Id).Keys!.PreviousSecret);
    }

    private static async Task AddDueAsync(DispatchFactory app, int account, int webhookId, int count, DateTime due)
    {
        await using var db = app.CreateDbContext();
        for (var i = 0; i < count; i++)
        {
            var e = new ChatEvent { Id = Guid.CreateVersion7(), AccountId = account, Name = "message_created", Payload = "{\"event\":\"message_created\"}", CreatedAt = due, DeliveryCount = 1 };
            db.Events.Add(e);
            db.Deliveries.Add(new Delivery
            {
                Id = Guid.CreateVersion7(), AccountId = account, EventId = e.Id, WebhookId = webhookId, EventName = e.Name,
                Status = DeliveryStatus.Pending, NextAttemptAt = due.AddTicks(i), CreatedAt = due,
            });
        }
        await db.SaveChangesAsync();
    }
}
