namespace Dashboard.Accounts;

/// <summary>A tenant: every webhook, event and delivery belongs to exactly one.</summary>
public sealed class Account
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
}
