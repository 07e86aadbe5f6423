namespace Dashboard.Accounts;

/// <summary>A tenant: every webhook, event and delivery belongs to exactly one.</summary>
public sealed class Account
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>The platform's optional account keys (locale, domain, support_email, status, limits, custom_attributes) as a JSON object, kept and returned as sent.</summary>
    public string? PlatformFields { get; set; }
}
