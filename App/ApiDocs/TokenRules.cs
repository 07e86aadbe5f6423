using Dashboard.Accounts;
using Dashboard.Api;
using Dashboard.Platform;

namespace Dashboard.ApiDocs;

/// <summary>
/// Who may call a route, in words, for the document and the page: from the route's <see cref="ApiCallers"/> (what its
/// filter checks) or its <c>AllowAnonymous()</c>. Every token goes in one header, <see cref="AccessTokenHeader"/>.
/// </summary>
public static class TokenRules
{
    /// <summary>The security scheme of the document: the header, either spelling.</summary>
    public const string SchemeName = AccessTokenHeader.Name;

    /// <summary>How the last paragraph of an operation's description starts: the page shows it as the route's rule.</summary>
    public const string Lead = "Token: ";

    public static readonly string PersonalToken = $"a personal token (`{AccessTokens.Prefix}…`, on Profile → API access token)";
    public static readonly string PlatformToken = $"a platform app's token (`{PlatformApps.TokenPrefix}…`, made by an operator)";

    /// <summary>
    /// The platform-token rule (#20): one platform credential sends the events and manages the webhooks of every account
    /// its app may reach (<c>PlatformGrants</c>), while administrators' personal tokens keep working.
    /// </summary>
    public static readonly string PlatformTokenRule =
        $"A platform app's token (`{PlatformApps.TokenPrefix}…`) works as an administrator's personal token for every account the app "
        + "may reach: the accounts it created through the Platform API and those an operator granted it.";

    public static readonly string SchemeDescription =
        $"Send {PersonalToken} or {PlatformToken} in the `{AccessTokenHeader.Name}` header (or `{AccessTokenHeader.HyphenatedName}`: "
        + "one header to the platform, and a default nginx drops names with underscores). Each route says which token it takes.";

    /// <summary>The rule paragraph of a route, or null for a route that says nothing of its callers (the tests fail on it).</summary>
    public static string? For(ApiCallers? callers, bool anonymous) => anonymous ? Lead + "none: this route is public." : callers switch
    {
        ApiCallers.AccountAdministratorOrPlatformApp =>
            $"{Lead}an administrator's personal token (`{AccessTokens.Prefix}…`) for this account; an agent's is refused. {PlatformTokenRule}",
        ApiCallers.AnyUser =>
            $"{Lead}any user's personal token (`{AccessTokens.Prefix}…`), an administrator's or an agent's; a platform app's token is not a user's.",
        ApiCallers.PlatformApp =>
            $"{Lead}{PlatformToken}, current or, after it was regenerated, the previous one during its grace; a personal token is refused. "
            + "The app reaches the accounts and users it created, and the accounts an operator granted it.",
        _ => null,
    };
}
