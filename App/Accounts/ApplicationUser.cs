using Microsoft.AspNetCore.Identity;

namespace Dashboard.Accounts;

public sealed class ApplicationUser : IdentityUser
{
    /// <summary>SHA-256 (hex) of the personal API access token; the token itself is never stored.</summary>
    public string? ApiTokenHash { get; set; }

    public DateTime? ApiTokenCreatedAt { get; set; }
}
