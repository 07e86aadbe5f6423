using System.Data.Common;
using System.Diagnostics;
using Dashboard.Data;
using Dashboard.Dispatch;
using Dashboard.Events;

namespace Dashboard.Bench.Measures;

/// <summary>
/// What one claim costs while another webhook has a backlog of pending deliveries (as in 4, where a hanging receiver's
/// deliveries pile up): the dispatcher is switched off, the backlog is published, then one event for a healthy webhook
/// is published and claimed, many times; median wall time of <see cref="DeliveryClaims.ClaimAsync"/>.
/// </summary>
public static class ClaimProbe
{
    /// <summary>Median claim time per backlog size (sizes ascending; the backlog grows in one app between them).</summary>
    public static async Task<IReadOnlyList<(int Backlog, double Ms)>> RunAsync(IReadOnlyList<int> backlogs, Uri receiver, BenchTarget target,
        CancellationToken ct = default)
    {
        await using var app = await AppHost.StartAsync(target, new Dictionary<string, string?> { ["Dispatch:Enabled"] = "false" }, ct);
        var accountId = await app.DemoAccountIdAsync(ct);
        var stuck = await AppSetup.CreateWebhookAsync(app, accountId, new Uri(receiver, "?stuck"), LatencyMeasure.HangingEvent, ct);
        await AppSetup.CreateWebhookAsync(app, accountId, receiver, Payloads.EventName, ct);
        var publisher = app.Services.GetRequiredService<IEventPublisher>();
        await using var db = await app.Database.OpenAsync(write: true, ct);
        var claims = app.Services.GetRequiredService<DeliveryClaims>();
        var results = new List<(int, double)>();
        var published = 0;
        foreach (var backlog in backlogs)
        {
            for (; published < backlog; published += 500)
                await Task.WhenAll(Enumerable.Range(published, Math.Min(500, backlog - published))
                    .Select(i => publisher.PublishAsync(accountId, Payloads.Message(i, LatencyMeasure.HangingEvent), ct: ct)));
            published = Math.Max(published, backlog);
            results.Add((backlog, await TimeClaimsAsync(publisher, claims, db, accountId, stuck, ct)));
        }
        return results;
    }

    private static async Task<double> TimeClaimsAsync(IEventPublisher publisher, DeliveryClaims claims, DbConnection db, int accountId, int stuck, CancellationToken ct)
    {
        var busy = new Dictionary<int, int> { [stuck] = 4 }; // the stuck webhook is at its cap, as in 4
        var times = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            await publisher.PublishAsync(accountId, Payloads.Message(i), ct: ct);
            var now = DateTime.UtcNow;
            var started = Stopwatch.GetTimestamp();
            var claimed = await claims.ClaimAsync("probe", now, now.AddMinutes(1), 64, 4, busy);
            if (i >= 5) times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (claimed.Count != 1) throw new InvalidOperationException($"The claim probe expected 1 delivery, got {claimed.Count}.");
            // Done, as an outcome would leave it: on PostgreSQL a live lease counts against the webhook's cap in every later claim.
            await using var done = Sql.Command(db, $"UPDATE Deliveries SET Status = {SqlStatus.Succeeded}, LeaseOwner = NULL, LeaseExpiresAt = NULL WHERE Id = @id", "@id");
            Sql.Set(done, "@id", claimed[0].Id);
            await done.ExecuteNonQueryAsync(ct);
        }
        return Stats.Median(times);
    }
}
