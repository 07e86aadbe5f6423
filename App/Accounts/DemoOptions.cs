namespace Dashboard.Accounts;

/// <summary>The demo account created on first start (Development, or when <c>Demo:Enabled</c> is true).</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool? Enabled { get; set; }
    public string AccountName { get; set; } = "Acme Support";
    public string AdminEmail { get; set; } = "admin@example.com";
    public string AgentEmail { get; set; } = "agent@example.com";

    /// <summary>When unset, a password is generated once and kept beside the database file.</summary>
    public string? AdminPassword { get; set; }
    public string? AgentPassword { get; set; }

    /// <summary>Sets the demo admin's API access token (Development convenience).</summary>
    public string? AdminApiToken { get; set; }
}
