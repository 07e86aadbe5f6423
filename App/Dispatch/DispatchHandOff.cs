namespace Dashboard.Dispatch;

/// <summary>
/// Lets the publisher give a fresh delivery straight to this process's dispatcher. When the dispatcher has a free slot
/// for the webhook and no due work of that webhook waits for the claim (the publisher checks, so a fresh delivery never
/// overtakes a retry), the delivery row is inserted already leased to it and sent as soon as its insert commits: no claim
/// (a query and an update on the one SQLite writer) and no wait for the claim loop. Without a free slot, or with no
/// dispatcher running, the row is inserted unleased and claimed as before. Nothing can be lost in between: the lease is
/// in the committed row, so if this process dies before the send is recorded, the lease expires and any dispatcher
/// claims it again (bench/where-the-time-goes.md).
/// </summary>
public sealed class DispatchHandOff
{
    private volatile Dispatcher? _dispatcher;

    /// <summary>True while a running dispatcher takes hand-offs.</summary>
    public bool IsAttached => _dispatcher is not null;

    internal void Attach(Dispatcher dispatcher) => _dispatcher = dispatcher;

    internal void Detach(Dispatcher dispatcher) => Interlocked.CompareExchange(ref _dispatcher, null, dispatcher);

    /// <summary>A slot for a delivery to <paramref name="webhookId"/>, or null: insert that delivery unleased.</summary>
    public Taken? TryTake(int webhookId) => _dispatcher?.TryTake(webhookId);

    /// <summary>A slot held for one delivery: insert it leased to <see cref="Owner"/> until <see cref="LeaseExpires"/>, then
    /// <see cref="Start"/> it once that insert has committed, or <see cref="Cancel"/> if the insert was rolled back.</summary>
    public sealed class Taken(Dispatcher dispatcher, int webhookId, DateTime leaseExpires)
    {
        private int _done;

        public string Owner => dispatcher.Owner;
        public DateTime LeaseExpires { get; } = leaseExpires;

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
