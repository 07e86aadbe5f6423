using System.Diagnostics;
using Dashboard.Data;
using Dashboard.Events;

namespace Dashboard.Bench.Measures;

public sealed record LatencyResult(double P50Ms, double P99Ms, double MaxMs, int Samples, int Missing, long PublishErrors, double AchievedRate);

/// <summary>
/// (3) and (4): events published at a fixed rate (not waiting for each other, so a slow publish cannot hide
/// latency); latency = the event's acceptance time (<c>Events.CreatedAt</c>) → its delivery's first attempt
/// (<c>Attempts.StartedAt</c>, Number 1), both written by the app with its own clock. With a hanging rate,
/// a second webhook on a receiver that never answers gets its own events meanwhile (4).
/// </summary>
public static class LatencyMeasure
{
    public const string HangingEvent = "conversation_created";

    public static async Task<LatencyResult> RunAsync(
        AppHost app, Receiver receiver, int rate, int hangingRate, TimeSpan warmup, TimeSpan window, TimeSpan drainLimit, CancellationToken ct = default)
    {
        var accountId = await app.DemoAccountIdAsync(ct);
        var healthy = await AppSetup.CreateWebhookAsync(app, accountId, receiver.Ok, Payloads.EventName, ct);
        if (hangingRate > 0) await AppSetup.CreateWebhookAsync(app, accountId, receiver.Hang, HangingEvent, ct);
        var publisher = app.Services.GetRequiredService<IEventPublisher>();
        var time = app.Services.GetRequiredService<TimeProvider>();

        long errors = 0, sequence = 0;
        var inFlight = new List<Task>();
        void Publish(string eventName) => inFlight.Add(Task.Run(async () =>
        {
            try { await publisher.PublishAsync(accountId, Payloads.Message(Interlocked.Increment(ref sequence), eventName), ct: ct); }
            catch (Exception) when (!ct.IsCancellationRequested) { Interlocked.Increment(ref errors); }
        }, ct));

        // Warm-up at the same rate, then the window; only events accepted inside the window count.
        await PaceAsync(warmup, rate, hangingRate, Publish, ct);
        var from = time.GetUtcNow().UtcDateTime;
        var windowClock = Stopwatch.StartNew();
        var sent = await PaceAsync(window, rate, hangingRate, Publish, ct);
        var achievedRate = sent / windowClock.Elapsed.TotalSeconds;
        await Task.WhenAll(inFlight);

        await using var db = await AppSetup.OpenAsync(app, ct);
        var drain = Stopwatch.StartNew();
        const string missingSql = """
            SELECT COUNT(*) FROM Deliveries d WHERE d.WebhookId = @w AND d.CreatedAt >= @from
              AND NOT EXISTS (SELECT 1 FROM Attempts a WHERE a.DeliveryId = d.Id)
            """;
        while (await AppSetup.ScalarAsync(db, missingSql, ct, ("@w", healthy), ("@from", from.Ticks)) > 0 && drain.Elapsed < drainLimit)
            await Task.Delay(100, ct);

        var latencies = new List<double>();
        var missing = 0;
        await using (var command = Sql.Command(db, """
                SELECT e.CreatedAt, (SELECT MIN(a.StartedAt) FROM Attempts a WHERE a.DeliveryId = d.Id)
                FROM Deliveries d JOIN Events e ON e.Id = d.EventId
                WHERE d.WebhookId = @w AND e.CreatedAt >= @from
                """, "@w", "@from"))
        {
            Sql.Set(command, "@w", healthy);
            Sql.Set(command, "@from", from.Ticks);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (reader.IsDBNull(1)) { missing++; continue; }
                latencies.Add((reader.GetInt64(1) - reader.GetInt64(0)) / (double)TimeSpan.TicksPerMillisecond);
            }
        }
        // A delivery never attempted counts as infinitely late: it cannot improve a percentile.
        var all = latencies.Concat(Enumerable.Repeat(double.PositiveInfinity, missing)).ToArray();
        return new LatencyResult(Stats.Percentile(all, 50), Stats.Percentile(all, 99), all.Length > 0 ? all.Max() : double.NaN,
            latencies.Count, missing, Interlocked.Read(ref errors), achievedRate);
    }

    /// <summary>Issues events on schedule (rate per second) for the duration; returns how many healthy ones were issued.</summary>
    private static async Task<long> PaceAsync(TimeSpan duration, int rate, int hangingRate, Action<string> publish, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        long issued = 0, hangingIssued = 0;
        while (clock.Elapsed < duration)
        {
            var seconds = clock.Elapsed.TotalSeconds;
            for (var due = (long)(seconds * rate); issued < due; issued++) publish(Payloads.EventName);
            for (var due = (long)(seconds * hangingRate); hangingIssued < due; hangingIssued++) publish(HangingEvent);
            await Task.Delay(1, ct);
        }
        return issued;
    }
}
