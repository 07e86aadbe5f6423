using Dashboard.Data;
using System.Threading.Channels;
using System.Data.Common;
using Dashboard.Deliveries;
using Dashboard.Telemetry;
using Microsoft.Extensions.Options;

namespace Dashboard.Dispatch;

/// <summary>
/// The one writer of attempts, whatever made them. The dispatcher's items queue in a channel and go to the writer thread
/// of <see cref="DatabaseWriter"/> in batches (whatever has queued, up to <see cref="DispatchOptions.WriteBatchSize"/>),
/// which commits them together with the other work queued there; a manual send waits for its own item's commit
/// (<see cref="RecordAsync"/>). Both apply <see cref="WriterStatements"/>. Open log pages hear about new attempts once committed,
/// on this instance and the others (<see cref="ClusterNews"/>).
/// </summary>
/// Attempts are counted in the metrics here too, once committed, whatever their trigger.
public sealed class AttemptWriter(DeliveryClaims claims, DeliveryFeed feed, ClusterNews cluster, DashboardMetrics metrics, IOptions<DispatchOptions> options,
    DispatchSignal signal, ILogger<AttemptWriter> logger)
{
    private readonly Channel<WriteItem> _channel = Channel.CreateUnbounded<WriteItem>(new UnboundedChannelOptions { SingleReader = true });
    private Task _loop = Task.CompletedTask;

    public void Start() => _loop = Task.Run(RunAsync);

    public void Write(WriteItem item)
    {
        if (!_channel.Writer.TryWrite(item)) Log.WriteAfterStop(logger, item.Delivery.Id);
    }

    /// <summary>
    /// Records one try made by hand (a resend, a test) and returns once it is committed and announced: false when it
    /// could not be (the database stayed locked, or the delivery was purged meanwhile). Nothing sends it again.
    /// </summary>
    public async Task<bool> RecordAsync(AttemptItem item) => (await CommitAndAnnounceAsync([item])).Count == 1;

    /// <summary>Writes everything queued so far and stops.</summary>
    public async Task CompleteAsync()
    {
        _channel.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var pending = new List<Task>();
        while (await reader.WaitToReadAsync())
        {
            // Not awaited: the writer thread commits what queues meanwhile together with this, so under load the groups grow.
            var queued = new List<WriteItem>();
            while (queued.Count < options.Value.WriteBatchSize && reader.TryRead(out var item)) queued.Add(item);
            var batch = queued.Order(LockOrder.Instance).ToList();
            pending.RemoveAll(t => t.IsCompleted);
            pending.Add(CommitAndAnnounceAsync(batch));
        }
        await Task.WhenAll(pending);
    }

    private async Task<IReadOnlyList<AttemptRecorded>> CommitAndAnnounceAsync(List<WriteItem> batch)
    {
        var (recorded, counted) = await CommitWithRetriesAsync(batch);
        if (recorded.Count > 0 && claims.CapCountsCommittedLeases) signal.Notify();
        Count(counted);
        try
        {
            feed.Publish(recorded);
            cluster.Recorded(recorded);
        }
        catch (Exception e) { Log.FeedFailed(logger, e); }
        return recorded;
    }

    /// <summary>Committed attempts into the metrics: outcome, trigger, duration, a retry planned, a webhook disabled.</summary>
    private void Count(List<(AttemptItem Item, bool Disabled)> committed)
    {
        foreach (var (a, disabled) in committed)
        {
            var o = a.Outcome;
            metrics.AttemptRecorded(a.Trigger, o.ResponseStatus, o.Error, o.DurationMs,
                retryScheduled: a.Trigger == AttemptTrigger.Scheduled && a.Decision.Status == DeliveryStatus.Pending);
            if (disabled) metrics.WebhookDisabled(a.Decision.DisableReason is not null ? DisableReason.Gone : DisableReason.Failing);
        }
    }

    private async Task<(IReadOnlyList<AttemptRecorded>, List<(AttemptItem, bool)>)> CommitWithRetriesAsync(List<WriteItem> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await claims.Writer.RunAsync(context =>
                {
                    var statements = context.Prepared(c => new WriterStatements(c));
                    var rows = context.Prepared(c => new EventRows(c));
                    // One round trip for the whole batch on PostgreSQL (three statements or more per item otherwise).
                    var sql = new StatementBatch(context.Connection, context.Transaction);
                    var positions = batch.Select(item => statements.Add(sql, rows, item, options.Value.DisableAfterFailing)).ToList();
                    var changed = sql.Execute();
                    var recorded = new List<AttemptRecorded>();
                    var counted = new List<(AttemptItem, bool)>();
                    for (var i = 0; i < batch.Count; i++)
                        if (positions[i].Recorded(changed))
                        {
                            var item = batch[i];
                            recorded.Add(new AttemptRecorded(item.Delivery.AccountId, item.Delivery.WebhookId, item.Delivery.Id));
                            counted.Add(((AttemptItem)item, positions[i].Disabled(changed)));
                        }
                    return ((IReadOnlyList<AttemptRecorded>)recorded, counted);
                }, delivering: true);
            }
            catch (DbException e) when (attempt < 5)
            {
                Log.WriteRetry(logger, e, batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
            }
            catch (DbException e)
            {
                // Dropped: a scheduled try's lease expires and it is sent again, so nothing is lost but these attempt rows;
                // a try made by hand holds no lease, and its caller is told (RecordAsync).
                Log.WriteFailed(logger, e, batch.Count);
                return ([], []);
            }
        }
    }

    /// <summary>
    /// The order a batch takes its row locks in: by webhook, then by the hourly-stats row its attempt counts in (hour, then
    /// latency floor, which only grows with the duration). Instances recording attempts of the same webhooks at once then
    /// wait for each other instead of deadlocking (PostgreSQL aborted one of two crosswise batches). LINQ's order is
    /// stable, so equal keys keep their queue order.
    /// </summary>
    private sealed class LockOrder : IComparer<WriteItem>
    {
        public static readonly LockOrder Instance = new();

        public int Compare(WriteItem? x, WriteItem? y)
        {
            var byWebhook = x!.Delivery.WebhookId.CompareTo(y!.Delivery.WebhookId);
            return byWebhook != 0 ? byWebhook : Key(x).CompareTo(Key(y));
        }

        private static (long Hour, bool Answered, int Ms) Key(WriteItem item) => item is AttemptItem { Outcome: var o }
            ? (o.StartedAt.Ticks / TimeSpan.TicksPerHour, o.ResponseStatus is not null, o.DurationMs)
            : (0, false, 0);
    }
}
