namespace Dashboard.Webhooks;

public enum WebhookStatus
{
    Active = 0,
    Disabled = 1,
}

public sealed class Webhook
{
    public int Id { get; set; }
    public int AccountId { get; set; }
    public string? Name { get; set; }
    public required string Url { get; set; }

    /// <summary>Event names this webhook receives, kept as the owner gave them (order and repeats), as the chat platform keeps them.</summary>
    public List<string> Subscriptions { get; set; } = [];

    /// <summary>Signing secret as shown to the owner: <c>whsec_</c> + base64 of 32 random bytes.</summary>
    public required string Secret { get; set; }

    /// <summary>The secret before the last rotation; it keeps signing until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; set; }
    public DateTime? PreviousSecretExpiresAt { get; set; }

    public WebhookStatus Status { get; set; }
    public string? DisabledReason { get; set; }

    /// <summary>What an admin's own "Disable" records, and what a disabled webhook without a reason is taken to mean.</summary>
    public const string DisabledByAdmin = "Disabled by an admin";

    /// <summary>Why a disabled webhook is disabled, in words (pages, dialogs).</summary>
    public static string ReasonOf(string? disabledReason) => string.IsNullOrWhiteSpace(disabledReason) ? DisabledByAdmin : disabledReason;
    public DateTime? DisabledAt { get; set; }

    /// <summary>Start of the current run of failed deliveries; cleared by any success.</summary>
    public DateTime? FailingSince { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>How a webhook is named on every page: its name, else its URL; a deleted one by its number.</summary>
    public static string LabelOf(string? name, string? url, int id) => name ?? url ?? $"Deleted webhook #{id}";

    public string Label => LabelOf(Name, Url, Id);
}
