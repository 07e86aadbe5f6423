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
            ["Dispatch:Timeout"] = "00:00:02",
            ["Dispatch:LeaseDuration"] = "00:00:03",
        };
        // A little latency per request, so some sends are in flight (leased, unrecorded) when the process dies.
        _receiver.Script("/hook", new Reply(200, "ok", "text/plain", Delay: TimeSpan.FromMilliseconds(10)));
        var first = await AppProcess.StartAsync(settings);
        var dbFactory = new PooledDbContextFactory<AppDbContext>(
            new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={databasePath};Default Timeout=30").Options);
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
        var publisher = new EventPublisher(dbFactory, new DispatchSignal(), TimeProvider.System);

        int pendingAtKill = 0, leasedAtKill = 0;
        for (var i = 0; i < Events; i++)
        {
            await publisher.PublishAsync(accountId, new JsonObject { ["event"] = "message_created", ["id"] = i }, ct: ct);
            if (i == Events / 2)
            {
                await _receiver.WaitUntilAsync(r => r.Count >= 20, TimeSpan.FromSeconds(30));
                await first.KillAsync();
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                pendingAtKill = await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Pending, ct);
                leasedAtKill = await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Pending && d.LeaseOwner != null, ct);
            }
        }
        var receivedBeforeRestart = _receiver.Requests.Count;
        Assert.InRange(receivedBeforeRestart, 20, Events - 1);
        Assert.True(pendingAtKill > 0, "The kill should leave work behind.");
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
        TestContext.Current.SendDiagnosticMessage($"Crash test: {receivedBeforeRestart} received before the kill, {pendingAtKill} pending "
            + $"({leasedAtKill} leased) at the kill, {redelivered} events delivered twice, {received.Count} requests in all.");
    }
}
