namespace Dashboard.Deliveries;

public enum DeliveryStatus
{
    Pending = 0,
    Succeeded = 1,
    Failed = 2,
    Cancelled = 3,
}

/// <summary>One event to one webhook. Its id is the <c>webhook-id</c> header, stable across retries.</summary>
public sealed class Delivery
{
    public Guid Id { get; set; }
    public int AccountId { get; set; }
    public Guid EventId { get; set; }
    public int WebhookId { get; set; }

    /// <summary>Copied from the event so the log can filter without a join.</summary>
    public required string EventName { get; set; }

    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }

    /// <summary>When the dispatcher should try next; null once the delivery has ended.</summary>
    public DateTime? NextAttemptAt { get; set; }

    /// <summary>Which dispatcher holds it and until when; an expired lease is free to take.</summary>
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }

    public int? LastStatusCode { get; set; }
    public int? LastDurationMs { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public string? LastError { get; set; }

    public DateTime CreatedAt { get; set; }
}
