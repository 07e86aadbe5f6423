using Dashboard.Deliveries;
using Dashboard.Dispatch;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Webhooks;

/// <summary>Where a recover run stands: n of m resent, how many got through.</summary>
public sealed record RecoveryProgress(int AccountId, int WebhookId, DateTime Since, int Total, int Done, int Succeeded, bool Finished, bool StoppedByGone = false)
{
    public int Failed => Done - Succeeded;
}

/// <summary>
/// "Recover": resends every failed delivery of a webhook since a time, one after another, in the background.
/// Runs in the app (not the page), so it survives closing the tab; pages watch <see cref="Changed"/>.
/// One run per webhook at a time.
/// </summary>
public sealed class RecoveryRunner(IDbContextFactory<AppDbContext> dbFactory, ManualDelivery manual, IHostApplicationLifetime lifetime, ILogger<RecoveryRunner> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, RecoveryProgress> _runs = [];

    public event Action<RecoveryProgress>? Changed;

    /// <summary>The latest run of this webhook (running or finished), if any since the app started.</summary>
    public RecoveryProgress? Current(int accountId, int webhookId)
    {
        lock (_gate) return _runs.TryGetValue(webhookId, out var p) && p.AccountId == accountId ? p : null;
    }

    /// <summary>Starts a run, or returns the one still running for this webhook. Null when the webhook is not in this account.</summary>
    public async Task<RecoveryProgress?> StartAsync(int accountId, int webhookId, DateTime since, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Webhooks.AnyAsync(w => w.AccountId == accountId && w.Id == webhookId, ct)) return null;
        var lower = UuidV7.LowerBound(since);
        // Uses the (WebhookId, Status, Id) index; the id bound is the creation time.
        var ids = await db.Deliveries.Where(d => d.AccountId == accountId && d.WebhookId == webhookId && d.Status == DeliveryStatus.Failed && d.Id.CompareTo(lower) >= 0)
            .OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);

        RecoveryProgress progress;
        lock (_gate)
        {
            if (_runs.TryGetValue(webhookId, out var running) && !running.Finished) return running;
            progress = new RecoveryProgress(accountId, webhookId, since, ids.Count, 0, 0, Finished: ids.Count == 0);
            _runs[webhookId] = progress;
        }
        Changed?.Invoke(progress);
        if (ids.Count > 0) _ = Task.Run(() => RunAsync(progress, ids, lifetime.ApplicationStopping), CancellationToken.None);
        return progress;
    }

    private async Task RunAsync(RecoveryProgress progress, List<Guid> ids, CancellationToken stopping)
    {
        Log.RecoveryStarted(logger, progress.WebhookId, ids.Count);
        foreach (var id in ids)
        {
            if (stopping.IsCancellationRequested) break;
            ManualSendResult? result = null;
            try { result = await manual.ResendAsync(progress.AccountId, id, stopping); }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested) { break; }
            catch (Exception e) { Log.RecoveryItemFailed(logger, e, id); }
            progress = progress with { Done = progress.Done + 1, Succeeded = progress.Succeeded + (result?.Outcome.Succeeded == true ? 1 : 0) };
            Publish(progress);
            // 410 Gone: the receiver asked us to stop (and the webhook is now disabled); the rest are not sent.
            if (result?.Outcome.ResponseStatus == 410)
            {
                progress = progress with { StoppedByGone = true };
                break;
            }
        }
        Publish(progress with { Finished = true });
        Log.RecoveryFinished(logger, progress.WebhookId, progress.Done, progress.Succeeded);
    }

    private void Publish(RecoveryProgress progress)
    {
        lock (_gate) _runs[progress.WebhookId] = progress;
        Changed?.Invoke(progress);
    }
}
