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
    /// The slot is asked first, as it is cheap and, under load, mostly refused. With a slot, the row goes in leased only
    /// where the claim's rules allow it (<see cref="ClaimStatements.AddHandOff"/>: no due work of that webhook waits for the
    /// claim, so the fresh one queues behind a retry; on PostgreSQL the webhook's cap also holds across instances), and
    /// unleased where not.
    /// </summary>
    public IHandOffSlot? Offer(DatabaseWriter.WriteContext context, StatementBatch batch, DeliveryRow row)
    {
        var rows = context.Prepared(c => new EventRows(c));
        if (_dispatcher?.TryTake(row.WebhookId) is not { } taken)
        {
            rows.AddDelivery(batch, row);
            return null;
        }
        // Rolled back (also if the batch fails), the row is gone: the slot goes back; a rerun takes one anew.
        context.OnRollback(taken.Cancel);
        taken.Insert = DeliveryClaims.Statements(context).AddHandOff(batch, rows, row, taken.Lease, taken.LeaseExpires, taken.Cap);
        return taken;
    }

    /// <summary>A slot within the dispatcher's caps, with no look at the queue (tests of the caps use it directly).</summary>
    internal Taken? TakeSlot(int webhookId) => _dispatcher?.TryTake(webhookId);

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
        internal DateTime LeaseExpires { get; } = leaseExpires;
        internal int Cap => dispatcher.PerWebhookCap;

        /// <summary>The position of the leased insert in its batch; null when the hand-off was refused before the batch ran.</summary>
        internal int? Insert { get; set; }

        public bool Kept(int[] changed)
        {
            if (Insert is { } i && changed[i] > 0) return true;
            Cancel(); // a second Cancel (on rollback) gives nothing back twice
            return false;
        }

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
