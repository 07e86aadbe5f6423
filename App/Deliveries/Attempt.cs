namespace Dashboard.Deliveries;

public enum AttemptTrigger
{
    Scheduled = 0,
    Resend = 1,
    Test = 2,
}

/// <summary>Why an attempt got no HTTP answer.</summary>
public enum AttemptError
{
    None = 0,
    Timeout = 1,
    ConnectionRefused = 2,
    ConnectionReset = 3,
    Dns = 4,
    Tls = 5,
    BlockedAddress = 6,
    Other = 7,
}

/// <summary>One HTTP try of a delivery, as the admin sees it in the log.</summary>
public sealed class Attempt
{
    public long Id { get; set; }
    public Guid DeliveryId { get; set; }
    public int AccountId { get; set; }
    public int WebhookId { get; set; }
    public int Number { get; set; }
    public AttemptTrigger Trigger { get; set; }
    public DateTime StartedAt { get; set; }
    public int DurationMs { get; set; }
    public required string Url { get; set; }

    /// <summary>Request headers as "Name: value" lines.</summary>
    public required string RequestHeaders { get; set; }

    public int? ResponseStatus { get; set; }
    public string? ResponseHeaders { get; set; }

    /// <summary>First 16 KB of the response body as text; null when binary (see <see cref="ResponseBodyBinary"/>).</summary>
    public string? ResponseBody { get; set; }
    public bool ResponseBodyBinary { get; set; }
    public bool ResponseBodyTruncated { get; set; }

    public AttemptError Error { get; set; }
    public string? ErrorMessage { get; set; }
    public bool Succeeded { get; set; }

    /// <summary>When the next scheduled try was planned after this one, if any.</summary>
    public DateTime? NextAttemptAt { get; set; }
}
