namespace Dashboard.Dispatch;

/// <summary>A delivery this dispatcher holds a lease on, with what sending it needs.</summary>
/// <param name="Attempts">Tries made before this one.</param>
/// <param name="WebhookActive">False when the webhook was disabled or deleted since: the delivery is cancelled, not sent.</param>
public sealed record ClaimedDelivery(
    Guid Id, int AccountId, int WebhookId, int Attempts, string Payload,
    bool WebhookActive, string Url, string Secret, string? PreviousSecret)
{
    public OutgoingRequest ToRequest() => new(Id, Url, Payload, Secret, PreviousSecret);
}
