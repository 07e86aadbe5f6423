using System.Globalization;
using Dashboard.Deliveries;
using Dashboard.Dispatch;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Webhooks;

/// <summary>
/// Where a recover run stands: n of m resent, how many got through, and how many deliveries still retrying it made due
/// at once (<see cref="BroughtForward"/>: the dispatcher sends those, so they are not in the counts).
/// </summary>
public sealed record RecoveryProgress(int AccountId, int WebhookId, DateTime Since, int Total, int Done, int Succeeded, bool Finished,
    bool StoppedByGone = false, int BroughtForward = 0)
{
    public int Failed => Done - Succeeded;

    /// <summary>As the other instances get it (<see cref="ClusterChannel.Recovery"/>).</summary>
    public string ToMessage() =>
        string.Join(':', AccountId, WebhookId, Since.Ticks, Total, Done, Succeeded, Finished ? 1 : 0, StoppedByGone ? 1 : 0, BroughtForward);

    public static RecoveryProgress? FromMessage(string message) =>
        message.Split(':') is [var a, var w, var s, var t, var d, var ok, var f, var g, .. var rest] && rest.Length <= 1
        && int.TryParse(a, CultureInfo.InvariantCulture, out var account) && int.TryParse(w, CultureInfo.InvariantCulture, out var webhook)
        && long.TryParse(s, CultureInfo.InvariantCulture, out var since) && int.TryParse(t, CultureInfo.InvariantCulture, out var total)
        && int.TryParse(d, CultureInfo.InvariantCulture, out var done) && int.TryParse(ok, CultureInfo.InvariantCulture, out var succeeded)
            ? new(account, webhook, new DateTime(since, DateTimeKind.Utc), total, done, succeeded, f == "1", g == "1",
                rest is [var b] && int.TryParse(b, CultureInfo.InvariantCulture, out var brought) ? brought : 0)
            : null;
}

/// <summary>What a Recover since a time would do, counted before it runs so the admin can confirm it.</summary>
/// <param name="Failed">Ended as failed: resent once each, oldest first.</param>
/// <param name="Retrying">Still pending after at least one failed try: made due now, so the dispatcher sends them at once.</param>
public sealed record RecoveryPlan(int Failed, int Retrying)
{
    public bool IsEmpty => Failed == 0 && Retrying == 0;
}

/// <summary>
/// "Recover": resends every failed delivery of a webhook since a time, one after another, in the background, and makes
/// the ones still retrying after failures due now. Those are not resent: a resend leaves a pending delivery's schedule
/// alone, so it would reach the receiver twice; brought forward, the dispatcher sends each once, under its own rules.
/// Runs in the app (not the page), so it survives closing the tab; pages watch <see cref="Changed"/>.
/// One run per webhook at a time, across all instances: the run is a row (<see cref="RecoveryRun"/>) that a start takes
/// only when the last run finished or its owner went silent, and its progress reaches the other instances' pages
/// through the cluster bus.
/// </summary>
public sealed class RecoveryRunner : IDisposable
{
    private readonly IDbContextFactory<AppDbContext> _dbFactory;
    private readonly ManualDelivery _manual;
    private readonly IDispatchHandOff _dispatcher;
    private readonly IClusterBus _bus;
    private readonly TimeProvider _time;
    private readonly TimeSpan _silence;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<RecoveryRunner> _logger;
    private readonly string _owner = Guid.NewGuid().ToString("N");
    private readonly Lock _gate = new();
    private readonly Dictionary<int, RecoveryProgress> _runs = [];

    public RecoveryRunner(IDbContextFactory<AppDbContext> dbFactory, ManualDelivery manual, IDispatchHandOff dispatcher, IClusterBus bus,
        TimeProvider time, IOptions<DispatchOptions> dispatch, IHostApplicationLifetime lifetime, ILogger<RecoveryRunner> logger)
    {
        (_dbFactory, _manual, _dispatcher, _bus, _time, _lifetime, _logger) = (dbFactory, manual, dispatcher, bus, time, lifetime, logger);
        // A run writes its progress after every resend, each bounded by the request timeout: silent for two leases, its owner is gone.
        _silence = dispatch.Value.EffectiveLease * 2;
        _bus.Received += OnReceived;
    }

    public event Action<RecoveryProgress>? Changed;

    /// <summary>The latest run of this webhook (running or finished) this instance knows of, if any since it started.</summary>
    public RecoveryProgress? Current(int accountId, int webhookId)
    {
        lock (_gate) return _runs.TryGetValue(webhookId, out var p) && p.AccountId == accountId ? p : null;
    }

    /// <summary>What a run since <paramref name="since"/> would resend and bring forward now; null when the webhook is not in this account.</summary>
    public async Task<RecoveryPlan?> PlanAsync(int accountId, int webhookId, DateTime since, CancellationToken ct = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        if (!await db.WebhooksOf(accountId).AnyAsync(w => w.Id == webhookId, ct)) return null;
        return new RecoveryPlan(await Failed(db, accountId, webhookId, since).CountAsync(ct), await Retrying(db, accountId, webhookId, since).CountAsync(ct));
    }

    /// <summary>Starts a run, or returns the one still running for this webhook (here or on another instance). Null when the webhook is not in this account.</summary>
    public async Task<RecoveryProgress?> StartAsync(int accountId, int webhookId, DateTime since, CancellationToken ct = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        if (!await db.WebhooksOf(accountId).AnyAsync(w => w.Id == webhookId, ct)) return null;
        var ids = await Failed(db, accountId, webhookId, since).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);

        var progress = new RecoveryProgress(accountId, webhookId, since, ids.Count, 0, 0, Finished: ids.Count == 0);
        var now = _time.GetUtcNow().UtcDateTime;
        // Taken only if no run of this webhook is going on anywhere: none yet, finished, or its owner went silent.
        var taken = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO RecoveryRuns (WebhookId, AccountId, Since, Total, Done, Succeeded, Finished, StoppedByGone, Owner, UpdatedAt)
            VALUES ({webhookId}, {accountId}, {since.Ticks}, {ids.Count}, 0, 0, {progress.Finished}, FALSE, {_owner}, {now.Ticks})
            ON CONFLICT (WebhookId) DO UPDATE SET AccountId = excluded.AccountId, Since = excluded.Since, Total = excluded.Total,
                Done = 0, Succeeded = 0, Finished = excluded.Finished, StoppedByGone = FALSE, Owner = excluded.Owner, UpdatedAt = excluded.UpdatedAt
            WHERE RecoveryRuns.Finished OR RecoveryRuns.UpdatedAt < {(now - _silence).Ticks}
            """, ct);
        if (taken == 0)
        {
            var running = await db.RecoveryRuns.AsNoTracking().SingleAsync(r => r.WebhookId == webhookId, ct);
            var theirs = new RecoveryProgress(running.AccountId, running.WebhookId, running.Since, running.Total, running.Done, running.Succeeded,
                running.Finished, running.StoppedByGone);
            Remember(theirs);
            return theirs.AccountId == accountId ? theirs : null;
        }
        progress = progress with { BroughtForward = await BringForwardAsync(db, accountId, webhookId, since, now, ct) };
        Publish(progress);
        if (ids.Count > 0) _ = Task.Run(() => RunAsync(progress, ids, _lifetime.ApplicationStopping), CancellationToken.None);
        return progress;
    }

    // Both read the (WebhookId, Status, Id) index; the id bound is the creation time.
    private static IQueryable<Delivery> Failed(AppDbContext db, int accountId, int webhookId, DateTime since) =>
        Since(db, accountId, webhookId, since).Where(d => d.Status == DeliveryStatus.Failed);

    // Pending with at least one try made: every try so far failed (a success ends a delivery). One on the wire now is left to its sender.
    private static IQueryable<Delivery> Retrying(AppDbContext db, int accountId, int webhookId, DateTime since) =>
        Since(db, accountId, webhookId, since).Where(d => d.Status == DeliveryStatus.Pending && d.Attempts > 0 && d.LeaseOwner == null);

    private static IQueryable<Delivery> Since(AppDbContext db, int accountId, int webhookId, DateTime since)
    {
        var lower = UuidV7.LowerBound(since);
        return db.DeliveriesOf(accountId).Where(d => d.WebhookId == webhookId && d.Id.CompareTo(lower) >= 0);
    }

    /// <summary>Makes the deliveries still retrying due now and wakes the dispatcher; how many.</summary>
    private async Task<int> BringForwardAsync(AppDbContext db, int accountId, int webhookId, DateTime since, DateTime now, CancellationToken ct)
    {
        var moved = await Retrying(db, accountId, webhookId, since)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, now), ct);
        if (moved > 0) _dispatcher.Wake();
        return moved;
    }

    private async Task RunAsync(RecoveryProgress progress, List<Guid> ids, CancellationToken stopping)
    {
        Log.RecoveryStarted(_logger, progress.WebhookId, ids.Count);
        foreach (var id in ids)
        {
            if (stopping.IsCancellationRequested) break;
            ManualSendResult? result = null;
            try { result = await _manual.ResendAsync(progress.AccountId, id, stopping); }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested) { break; }
            catch (Exception e) { Log.RecoveryItemFailed(_logger, e, id); }
            progress = progress with { Done = progress.Done + 1, Succeeded = progress.Succeeded + (result?.Outcome.Succeeded == true ? 1 : 0) };
            await SaveAsync(progress);
            // 410 Gone: the receiver asked us to stop (and the webhook is now disabled); the rest are not sent.
            if (result?.Outcome.ResponseStatus == 410)
            {
                progress = progress with { StoppedByGone = true };
                break;
            }
        }
        await SaveAsync(progress with { Finished = true });
        Log.RecoveryFinished(_logger, progress.WebhookId, progress.Done, progress.Succeeded);
    }

    /// <summary>The run's row (which keeps it this instance's), then this instance's pages and the others'.</summary>
    private async Task SaveAsync(RecoveryProgress p)
    {
        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync();
            var now = _time.GetUtcNow().UtcDateTime.Ticks;
            await db.Database.ExecuteSqlAsync($"""
                UPDATE RecoveryRuns SET Done = {p.Done}, Succeeded = {p.Succeeded}, Finished = {p.Finished}, StoppedByGone = {p.StoppedByGone}, UpdatedAt = {now}
                WHERE WebhookId = {p.WebhookId} AND Owner = {_owner}
                """);
        }
        catch (Exception e) { Log.RecoveryProgressNotSaved(_logger, e, p.WebhookId); } // the pages still hear of it below
        Publish(p);
    }

    private void Publish(RecoveryProgress progress)
    {
        Remember(progress);
        _bus.Publish(ClusterChannel.Recovery, progress.ToMessage());
    }

    private void Remember(RecoveryProgress progress)
    {
        lock (_gate) _runs[progress.WebhookId] = progress;
        Changed?.Invoke(progress);
    }

    private void OnReceived(ClusterChannel channel, string message)
    {
        if (channel != ClusterChannel.Recovery) return;
        foreach (var entry in message.Split(ClusterBus.Separator, StringSplitOptions.RemoveEmptyEntries))
            if (RecoveryProgress.FromMessage(entry) is { } progress) Remember(progress);
    }

    public void Dispose() => _bus.Received -= OnReceived;
}
