using System.Diagnostics;
using Dashboard.Data;
using Dashboard.Deliveries;
using Dashboard.Events;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Bench.Measures;

/// <summary>
/// An outbox write done the EF Core way (one context and transaction per event, as the publisher did before the
/// <see cref="OutboxWriter"/>), taken apart and each step timed in CPU and wall time: the evidence for leaving that way.
/// </summary>
public static class PublishSteps
{
    public static async Task<IReadOnlyList<(string Step, double WallMs, double CpuMs)>> RunAsync(AppHost app, int rounds, CancellationToken ct = default)
    {
        var accountId = await app.DemoAccountIdAsync(ct);
        var factory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var steps = new[] { "create context", "begin transaction", "query subscribed webhooks", "SaveChanges (event + delivery)", "commit", "dispose" };
        var wall = new double[steps.Length];
        var cpu = new double[steps.Length];
        for (var round = -20; round < rounds; round++) // 20 warm-up rounds
        {
            var step = 0;
            var w = Stopwatch.GetTimestamp();
            var c = ProcessFigures.CpuTime();
            void Lap()
            {
                if (round >= 0)
                {
                    wall[step] += Stopwatch.GetElapsedTime(w).TotalMilliseconds;
                    cpu[step] += (ProcessFigures.CpuTime() - c).TotalMilliseconds;
                }
                step++;
                w = Stopwatch.GetTimestamp();
                c = ProcessFigures.CpuTime();
            }

            var db = await factory.CreateDbContextAsync(ct);
            Lap();
            var tx = await db.Database.BeginTransactionAsync(ct);
            Lap();
            var name = Payloads.EventName;
            var webhookIds = await db.Webhooks
                .Where(x => x.AccountId == accountId && x.Status == WebhookStatus.Active && x.Subscriptions.Contains(name))
                .Select(x => x.Id).ToListAsync(ct);
            Lap();
            var now = DateTime.UtcNow;
            var chatEvent = new ChatEvent { Id = Guid.CreateVersion7(), AccountId = accountId, Name = name, Payload = Payloads.Message(round).ToJsonString(), CreatedAt = now };
            db.Events.Add(chatEvent);
            db.Deliveries.Add(new Delivery
            {
                Id = Guid.CreateVersion7(), AccountId = accountId, EventId = chatEvent.Id, WebhookId = webhookIds.FirstOrDefault(), EventName = name,
                Status = DeliveryStatus.Cancelled, CreatedAt = now,
            });
            await db.SaveChangesAsync(ct);
            Lap();
            await tx.CommitAsync(ct);
            Lap();
            await tx.DisposeAsync();
            await db.DisposeAsync();
            Lap();
        }
        return steps.Select((s, i) => (s, wall[i] / rounds, cpu[i] / rounds)).ToList();
    }
}
