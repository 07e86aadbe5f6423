namespace Dashboard.Dispatch;

/// <summary>A delivery this dispatcher holds a lease on, with what sending it needs.</summary>
/// <param name="Attempts">Tries made before this one.</param>
/// <param name="Payload">The body as UTF-8 bytes, shared by every delivery of the event (never copied per delivery).</param>
/// <param name="Keys">Where to send and how to sign; null when the webhook was disabled or deleted since: the delivery is cancelled, not sent.</param>
/// <param name="Lease">
/// The lease token this try holds (unique per claim; null for a try made by hand). Its outcome moves the delivery on only
/// while the row still carries this token: after the lease expired and someone else claimed it, the attempt is recorded
/// but the new holder's state is left alone.
/// </param>
/// <param name="TraceParent">The event's stored trace context: the try's span joins the trace the event came in with.</param>
public sealed record ClaimedDelivery(Guid Id, int AccountId, int WebhookId, int Attempts, ReadOnlyMemory<byte> Payload, SigningKeys? Keys, string? Lease = null,
    string? TraceParent = null)
{
    public bool WebhookActive => Keys is not null;

    /// <summary>The URL the attempt is recorded with (empty for a cancelled one, which records no attempt).</summary>
    public string Url => Keys?.Url ?? "";

    public OutgoingRequest ToRequest() =>
        Keys is { } k ? new(Id, k.Url, Payload, k.Secret, k.PreviousSecret, WebhookId, TraceParent) : throw new InvalidOperationException("A cancelled delivery is not sent.");
}
