using System.Text.Json.Nodes;
using Dashboard.Data;
using Dashboard.Deliveries;
using Dashboard.Dispatch;
using Dashboard.Events;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Dispatch;

/// <summary>The real app with its dispatcher, optionally on a <see cref="FakeTimeProvider"/>, plus helpers to publish and wait.</summary>
public class DispatchFactory(FakeTimeProvider? time = null, IDictionary<string, string?>? settings = null) : DashboardFactory
{
    public FakeTimeProvider? Time { get; } = time;

    protected override void ConfigureSettings(IDictionary<string, string?> values)
    {
        values["Dispatch:ShutdownGrace"] = "00:00:01";
        values["Dispatch:SweepInterval"] = "00:00:01";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // After the app's own registrations, so the fake clock replaces TimeProvider.System.
        if (Time is not null) builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Time));
    }

    public DispatchSignal Signal => Services.GetRequiredService<DispatchSignal>();

    public async Task<Webhook> CreateWebhookAsync(int accountId, string url, params string[] events)
    {
        StartServer();
        var result = await Services.GetRequiredService<WebhookService>().CreateAsync(accountId, new WebhookInput(url, null, events.Length > 0 ? events : ["message_created"]));
        return result.Webhook ?? throw new InvalidOperationException(result.Errors.Summary);
    }

    public async Task<PublishResult> PublishAsync(int accountId, string eventName = "message_created", int? n = null)
    {
        StartServer();
        var payload = new JsonObject { ["event"] = eventName, ["id"] = n ?? Random.Shared.Next(), ["content"] = "Hello" };
        return await Services.GetRequiredService<IEventPublisher>().PublishAsync(accountId, payload);
    }

    public async Task<List<Delivery>> DeliveriesAsync(Guid eventId)
    {
        await using var db = CreateDbContext();
        return await db.Deliveries.AsNoTracking().Where(d => d.EventId == eventId).ToListAsync();
    }

    public async Task<List<Attempt>> AttemptsAsync(Guid deliveryId)
    {
        await using var db = CreateDbContext();
        return await db.Attempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Number).ToListAsync();
    }

    public Task<Delivery> WaitForDeliveryAsync(Guid deliveryId, Func<Delivery, bool> condition, TimeSpan? timeout = null) =>
        WaitForAsync(db => db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == deliveryId), condition, timeout);

    /// <summary>Moves the fake clock to <paramref name="at"/> and wakes the dispatcher (its timers may already have fired).</summary>
    public void AdvanceTo(DateTime at)
    {
        var delta = at - Time!.GetUtcNow().UtcDateTime;
        if (delta > TimeSpan.Zero) Time.Advance(delta);
        Signal.Notify();
    }
}
