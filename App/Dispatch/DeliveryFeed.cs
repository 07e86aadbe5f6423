namespace Dashboard.Dispatch;

/// <summary>An attempt was written (by the dispatcher, a resend or a test) for this delivery.</summary>
public sealed record AttemptRecorded(int AccountId, int WebhookId, Guid DeliveryId);

/// <summary>
/// In-process news of recorded attempts, so open log pages refresh without a reload.
/// Raised after the rows are committed; subscribers re-read from the database.
/// </summary>
public sealed class DeliveryFeed
{
    public event Action<IReadOnlyList<AttemptRecorded>>? AttemptsRecorded;

    public void Publish(IReadOnlyList<AttemptRecorded> recorded)
    {
        if (recorded.Count > 0) AttemptsRecorded?.Invoke(recorded);
    }
}
