using Dashboard.Data;

namespace Dashboard.Dispatch;

/// <summary>
/// What the outbox may ask of the dispatcher, and all it knows of it: a slot for a fresh delivery, and a wake-up for
/// work nobody took. Owned by Dispatch (the callee), so publishing never depends on the dispatcher's machinery.
/// </summary>
public interface IDispatchHandOff
{
    /// <summary>
    /// Inside the publish's write: a slot for a fresh delivery to <paramref name="webhookId"/>, or null: insert that
    /// delivery unleased, for the claim. A slot taken is given back by itself if the write rolls back.
    /// </summary>
    IHandOffSlot? TryTake(DatabaseWriter.WriteContext context, int webhookId, DateTime now);

    /// <summary>New work was committed that no slot took: the claim should look now rather than at its next sweep.</summary>
    void Wake();
}

/// <summary>
/// A dispatcher slot held for one fresh delivery: insert the row leased with <see cref="Lease"/> until
/// <see cref="LeaseExpires"/>, then <see cref="Start"/> it once the insert has committed, or <see cref="Cancel"/> if it was rolled back.
/// </summary>
public interface IHandOffSlot
{
    string Lease { get; }
    DateTime LeaseExpires { get; }
    void Start(ClaimedDelivery delivery);
    void Cancel();
}
