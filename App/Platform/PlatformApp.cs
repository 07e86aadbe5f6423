namespace Dashboard.Platform;

/// <summary>
/// A program of the platform that runs us: calls the Platform API, sends events and manages webhooks of the accounts it
/// may reach. Its token is stored hashed; after a regeneration the previous one keeps working until its grace ends.
/// </summary>
public sealed class PlatformApp
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string TokenHash { get; set; }
    public string? PreviousTokenHash { get; set; }
    public DateTime? PreviousTokenExpiresAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime TokenCreatedAt { get; set; }
}

/// <summary>An account a platform app may reach: one it created, or one an operator granted it (the platform's permissibles).</summary>
public sealed class PlatformAppAccount
{
    public int PlatformAppId { get; set; }
    public int AccountId { get; set; }
}

/// <summary>A user a platform app may reach (created by it, or granted).</summary>
public sealed class PlatformAppUser
{
    public int PlatformAppId { get; set; }
    public required string UserId { get; set; }
}

/// <summary>
/// The number a user is known by in the platform's shapes (its ids are integers, and its generated clients type them so);
/// given the first time a user is shown there.
/// </summary>
public sealed class UserNumber
{
    public int Number { get; set; }
    public required string UserId { get; set; }
}
