using Dashboard.Data;

namespace Dashboard.Dispatch;

/// <summary>
/// What the outbox may ask of the dispatcher, and all it knows of it: a slot for a fresh delivery, and a wake-up for
/// work nobody took. Owned by Dispatch (the callee), so publishing never depends on the dispatcher's machinery.
/// </summary>
public interface IDispatchHandOff
{
    /// <summary>
    /// Inside the publish's write: queues the insert of a fresh delivery on <paramref name="batch"/>, leased to a free
    /// slot of this process's dispatcher where the database finds the hand-off allowed (decided in the batch itself, so
    /// it costs no round trip of its own), else unleased, for the claim. Returns the slot offered, or null when there was
    /// none; once the batch has run, <see cref="IHandOffSlot.Kept"/> says whether the row took it. A slot is given back
    /// by itself if the row did not take it or the write rolls back.
    /// </summary>
    IHandOffSlot? Offer(DatabaseWriter.WriteContext context, StatementBatch batch, DeliveryRow row);

    /// <summary>New work was committed that no slot took: the claim should look now rather than at its next sweep.</summary>
    void Wake();
}

/// <summary>
/// A dispatcher slot offered to one fresh delivery, whose row is inserted leased with <see cref="Lease"/> if the hand-off
/// is allowed: <see cref="Start"/> it once that insert has committed; a slot the row did not take, or whose write was
/// rolled back, goes back by itself.
/// </summary>
public interface IHandOffSlot
{
    string Lease { get; }

    /// <summary>After the batch ran (<paramref name="changed"/>: its rows changed per statement): whether the row was inserted leased to this slot. If not, the slot is given back.</summary>
    bool Kept(int[] changed);

    void Start(ClaimedDelivery delivery);
}
