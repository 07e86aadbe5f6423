namespace Dashboard.Events;

/// <summary>Something that happened in an account; its payload is the exact JSON body receivers get.</summary>
public sealed class ChatEvent
{
    /// <summary>Time-ordered (UUID v7), so newest-first paging follows the primary key.</summary>
    public Guid Id { get; set; }
    public int AccountId { get; set; }
    public required string Name { get; set; }
    public required string Payload { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Client-supplied key: the same key within 24 h returns the first answer.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>Number of deliveries created when the event was accepted (the API's answer).</summary>
    public int DeliveryCount { get; set; }

    /// <summary>
    /// The W3C trace context (<c>traceparent</c>) of the request that brought the event in, so its attempts join that
    /// trace whenever and wherever they run; null when it came in outside a trace.
    /// </summary>
    public string? TraceParent { get; set; }
}
