using System.Text.Json.Nodes;
using Dashboard.Data;
using Dashboard.Deliveries;
using Dashboard.Dispatch;
using Dashboard.Events;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Dashboard.Tests.Dispatch;

/// <summary>The app as a real process, killed with SIGKILL in the middle of a burst: nothing accepted may be lost.</summary>
public sealed class DispatcherCrashTests : IAsyncLifetime
{
    private const int Events = 200;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dashboard-tests", "crash-" + Guid.NewGuid().ToString("N"));
    private TestReceiver _receiver = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _receiver = await TestReceiver.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_process_killed_mid_burst_delivers_every_event_after_restart_with_stable_ids()
    {
        var ct = TestContext.Current.CancellationToken;
        var databasePath = Path.Combine(_directory, "dashboard.db");
        var settings = new Dictionary<string, string>
        {
            ["Database:Path"] = databasePath,
            ["Demo:Enabled"] = "true",
            ["Demo:AdminPassword"] = DashboardFactory.AdminPassword,
            ["Demo:AgentPassword"] = DashboardFactory.AgentPassword,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Dispatch:SweepInterval"] = "00:00:00.200",
            // Hung sends stay in flight until the kill even on a loaded machine (a timeout recorded before it would make a
            // redelivery of a send that was no longer leased); the lease outlasts the timeout, as the options require.
            ["Dispatch:Timeout"] = "00:00:10",
            ["Dispatch:LeaseDuration"] = "00:00:12",
        };
        // The first 20 requests are answered; the next ones hang, so sends are surely in flight (leased, unrecorded) at the kill.
        const int AnsweredBeforeKill = 20;
        _receiver.Script("/hook", [.. Enumerable.Repeat(Reply.Ok(), AnsweredBeforeKill), Reply.Hanging()]);
        var first = await AppProcess.StartAsync(settings);
        var dbFactory = new PooledDbContextFactory<AppDbContext>(
            new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={databasePath};Default Timeout=30")
                .AddInterceptors(new SqliteBusyTimeoutInterceptor(Durability.Full)).Options);
        int accountId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            accountId = await db.Accounts.Where(a => a.Name == "Acme Support").Select(a => a.Id).SingleAsync(ct);
            db.Webhooks.Add(new Webhook
            {
                AccountId = accountId, Url = _receiver.Url("/hook"), Subscriptions = ["message_created"], Secret = WebhookSecret.Generate(),
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync(ct);
        }
        // The app's own outbox write, from this process: the running app learns of the rows by its sweep, as after any restart.
        using var writer = new DatabaseWriter($"Data Source={databasePath};Default Timeout=30");
        var publisher = new EventPublisher(new OutboxWriter(new DispatchHandOff(new DispatchSignal(), new ClusterNews(new SingleProcessBus(), new DispatchSignal(), new DeliveryFeed())), writer), TimeProvider.System);

        // Half the burst goes to the running app; it is killed with sends in flight; the other half is accepted while it is down.
        var receivedBeforeRestart = 0;
        var leasedAtKill = 0;
        for (var i = 0; i < Events; i++)
        {
            await publisher.PublishAsync(accountId, new JsonObject { ["event"] = "message_created", ["id"] = i }, ct: ct);
            if (i != Events / 2) continue;
            await _receiver.WaitUntilAsync(r => r.Count > AnsweredBeforeKill, TimeSpan.FromSeconds(30));
            await first.KillAsync();
            receivedBeforeRestart = _receiver.Requests.Count;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            leasedAtKill = await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Pending && d.LeaseOwner != null, ct);
        }
        Assert.True(leasedAtKill > 0, "Sends should have been in flight at the kill.");
        _receiver.Script("/hook", Reply.Ok());

        await using var second = await AppProcess.StartAsync(settings);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Succeeded, ct) < Events)
            {
                Assert.True(DateTime.UtcNow < deadline, "Not every delivery succeeded after the restart:\n" + second.Output);
                await Task.Delay(100, ct);
            }
        }

        await using var check = await dbFactory.CreateDbContextAsync(ct);
        var deliveries = await check.Deliveries.AsNoTracking().Join(check.Events, d => d.EventId, e => e.Id, (d, e) => new { d.Id, e.Payload }).ToListAsync(ct);
        var deliveryIdByEvent = deliveries.ToDictionary(d => (int)JsonNode.Parse(d.Payload)!["id"]!, d => d.Id);
        var received = _receiver.Requests.ToList();
        var receivedByEvent = received.GroupBy(r => (int)JsonNode.Parse(r.Body)!["id"]!).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(Enumerable.Range(0, Events), receivedByEvent.Keys.Order());
        foreach (var (n, requests) in receivedByEvent)
            Assert.All(requests, r => Assert.Equal(deliveryIdByEvent[n], Guid.Parse(r.Header("webhook-id"))));
        // Sends in flight at the kill were never recorded: their leases expired and they went out again, same webhook-id.
        var redelivered = receivedByEvent.Count(g => g.Value.Count > 1);
        Assert.InRange(redelivered, 1, leasedAtKill);
        TestContext.Current.SendDiagnosticMessage($"Crash test: {receivedBeforeRestart} received before the kill, "
            + $"{leasedAtKill} leased at the kill, {redelivered} events delivered twice, {received.Count} requests in all.");
    }
}
