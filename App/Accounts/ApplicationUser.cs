using Microsoft.AspNetCore.Identity;

namespace Dashboard.Accounts;

public sealed class ApplicationUser : IdentityUser
{
    /// <summary>SHA-256 (hex) of the personal API access token; the token itself is never stored.</summary>
    public string? ApiTokenHash { get; set; }

    public DateTime? ApiTokenCreatedAt { get; set; }

    /// <summary>The person's name (the platform's <c>name</c>); null for users made before names existed.</summary>
    public string? Name { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>The platform's <c>custom_attributes</c>, a JSON object kept as sent.</summary>
    public string? CustomAttributes { get; set; }
}
