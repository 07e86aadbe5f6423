using Dashboard.Deliveries;

namespace Dashboard.Dispatch;

/// <summary>Everything needed to make one signed POST of a delivery.</summary>
/// <param name="DeliveryId">Sent as <c>webhook-id</c> / <c>X-Chatwoot-Delivery</c>: the same on every try.</param>
/// <param name="PreviousSecret">Also signs while still valid after a rotation; null otherwise.</param>
/// <param name="Payload">The body's UTF-8 bytes, sent and signed as they are.</param>
/// <param name="TraceParent">The event's trace context: the try's span is its child, and the request carries it on (W3C <c>traceparent</c>).</param>
public sealed record OutgoingRequest(Guid DeliveryId, string Url, ReadOnlyMemory<byte> Payload, string Secret, string? PreviousSecret,
    int WebhookId = 0, string? TraceParent = null);

/// <summary>What one HTTP try produced, in the shape an <see cref="Attempt"/> records it.</summary>
public sealed record SendOutcome(
    DateTime StartedAt,
    int DurationMs,
    string RequestHeaders,
    int? ResponseStatus,
    string? ResponseHeaders,
    string? ResponseBody,
    bool ResponseBodyBinary,
    bool ResponseBodyTruncated,
    AttemptError Error,
    string? ErrorMessage,
    TimeSpan? RetryAfter)
{
    public bool Succeeded => ResponseStatus is >= 200 and < 300;

    /// <summary>What the delivery row keeps as its last error: null on success, else the error in words or the HTTP status.</summary>
    public string? LastError => Succeeded ? null : ErrorMessage ?? $"HTTP {ResponseStatus}";
}

/// <summary>
/// Makes one signed POST through the guarded HttpClient (no redirects, blocked addresses refused at connect, timeout).
/// It never retries and never throws for receiver failures: those come back as the outcome.
/// </summary>
public interface IWebhookSender
{
    Task<SendOutcome> SendAsync(OutgoingRequest request, CancellationToken ct = default);
}
