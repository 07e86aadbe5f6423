using Dashboard.Data;

namespace Dashboard.Dispatch;

/// <summary>
/// Lets the publisher give a fresh delivery straight to this process's dispatcher. When the dispatcher has a free slot
/// for the webhook and no due work of that webhook waits for the claim (so a fresh delivery never overtakes a retry),
/// the delivery row is inserted already leased to it and sent as soon as its insert commits: no claim
/// (a query and an update on the one SQLite writer) and no wait for the claim loop. Without a free slot, or with no
/// dispatcher running, the row is inserted unleased and claimed as before. Nothing can be lost in between: the lease is
/// in the committed row, so if this process dies before the send is recorded, the lease expires and any dispatcher
/// claims it again (bench/where-the-time-goes.md).
/// </summary>
public sealed class DispatchHandOff(DispatchSignal signal, ClusterNews cluster) : IDispatchHandOff
{
    private volatile Dispatcher? _dispatcher;

    internal void Attach(Dispatcher dispatcher) => _dispatcher = dispatcher;

    internal void Detach(Dispatcher dispatcher) => Interlocked.CompareExchange(ref _dispatcher, null, dispatcher);

    /// <summary>
    /// The slot is asked first, as it is cheap and, under load, mostly refused; then due work of that webhook that waits
    /// for the claim (a retry that came due, a delivery that found no slot) keeps it: the fresh one queues behind. On
    /// PostgreSQL the webhook's cap is also counted across instances, under the lock the claim takes.
    /// </summary>
    public IHandOffSlot? TryTake(DatabaseWriter.WriteContext context, int webhookId, DateTime now)
    {
        if (_dispatcher?.TryTake(webhookId) is not { } taken) return null;
        // Rolled back (also if the look below fails), the row is gone: the slot goes back; a rerun takes one anew.
        context.OnRollback(taken.Cancel);
        if (DeliveryClaims.Statements(context).MayHandOff(context, webhookId, now, taken.Cap)) return taken;
        taken.Cancel(); // a second Cancel (on rollback) gives nothing back twice
        return null;
    }

    /// <summary>A slot within the dispatcher's caps, with no look at the queue (tests of the caps use it directly).</summary>
    internal IHandOffSlot? TakeSlot(int webhookId) => _dispatcher?.TryTake(webhookId);

    /// <summary>This dispatcher looks now, and so do the other instances' (they may have slots this one has not).</summary>
    public void Wake()
    {
        signal.Notify();
        cluster.WorkWaiting();
    }

    /// <summary>A slot the dispatcher holds for one delivery until it is started or given back.</summary>
    internal sealed class Taken(Dispatcher dispatcher, int webhookId, DateTime leaseExpires) : IHandOffSlot
    {
        private int _done;

        public string Lease { get; } = dispatcher.NewLease();
        public DateTime LeaseExpires { get; } = leaseExpires;
        internal int Cap => dispatcher.PerWebhookCap;

        public void Start(ClaimedDelivery delivery)
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) dispatcher.StartTaken(delivery);
        }

        public void Cancel()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) dispatcher.FreeSlot(webhookId);
        }
    }
}
