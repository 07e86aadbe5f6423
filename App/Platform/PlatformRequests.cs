using System.ComponentModel;
using System.Text.Json.Nodes;

namespace Dashboard.Platform;

// What the Platform API's routes take, for its documentation: the handlers read these keys by hand (PlatformBody), with
// the platform's checks and words. A key with a default is optional; each example is what a client would send.

public sealed record PlatformAccountRequest(
    [property: Description("Required to create")] string? Name = null,
    string? Locale = null,
    string? Domain = null,
    string? SupportEmail = null,
    [property: Description("active or suspended")] string? Status = null,
    [property: Description("Kept and returned as sent")] JsonObject? Limits = null,
    [property: Description("Kept and returned as sent")] JsonObject? CustomAttributes = null)
{
    public static readonly PlatformAccountRequest Example = new("Initech", "en", SupportEmail: "support@initech.test");
    public static readonly PlatformAccountRequest UpdateExample = new(Status: "suspended");
}

public sealed record PlatformUserRequest(
    [property: Description("Required to create")] string? Name = null,
    [property: Description("Required to create; a user is found by it")] string? Email = null,
    [property: Description("Optional; without one the user signs in through links (GET /users/{id}/login)")] string? Password = null,
    string? DisplayName = null,
    [property: Description("Kept and returned as sent")] JsonObject? CustomAttributes = null)
{
    public static readonly PlatformUserRequest Example = new("Peter", "peter@initech.test", DisplayName: "Peter G.");
    public static readonly PlatformUserRequest UpdateExample = new(DisplayName: "Peter Gibbons");
}

public sealed record PlatformAccountUserRequest(
    [property: Description("The user's id (a number, or its digits as a string)")] int UserId,
    [property: Description("administrator or agent (the default)")] string? Role = null)
{
    public static readonly PlatformAccountUserRequest Example = new(5, "administrator");
    public static readonly PlatformAccountUserRequest RemoveExample = new(5);
}

/// <summary>A user's one-time sign-in link.</summary>
public sealed record SignInLinkJson(string Url);
