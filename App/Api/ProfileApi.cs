using Dashboard.Accounts;

namespace Dashboard.Api;

/// <summary>One account of the profile, with the platform's keys (presence: its defaults; we track none).</summary>
public sealed record ProfileAccountJson(
    int Id, string Name, string Status, DateTime? ActiveAt, string Role, IReadOnlyList<string> Permissions,
    string Availability, string AvailabilityStatus, bool AutoOffline);

/// <summary>The token owner as the platform's <c>api/v1/models/_user.json.jbuilder</c> shows them.</summary>
public sealed record ProfileJson(
    string AccessToken, int? AccountId, string AvailableName, string AvatarUrl, bool Confirmed, string DisplayName,
    string? MessageSignature, string Email, string Id, int? InviterId, string Name, string Provider, string? PubsubToken,
    string? Role, IReadOnlyDictionary<string, object> UiSettings, string Uid, string? Type, IReadOnlyList<ProfileAccountJson> Accounts);

/// <summary>
/// <c>GET /api/v1/profile</c>: who the token belongs to and their accounts. The platform's SDKs call it first (it proves the
/// token) and read <c>id, name, email, account_id, role, accounts</c>. Any user's token may read its own profile, agents too.
/// </summary>
public static class ProfileApi
{
    public const string Path = "/api/v1/profile";

    public static IEndpointRouteBuilder MapProfileApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, GetAsync).RequireApiToken(ApiAuthorization.TokenUser, ApiAuthorization.ApplicationWords).WithTags(ApiTags.Profile)
            .CalledBy(ApiCallers.AnyUser, $"`{ApiAuthorization.InvalidTokenMessage}`: no token, or not a user's current token")
            .WithSummary("Who the token belongs to")
            .WithDescription("The token's owner and their accounts, in the platform's shape: its SDKs call it first, to prove a token. "
                             + "`accounts` holds the ids to use in `/api/v1/accounts/{accountId}/…`.")
            .Returns<ProfileJson>(StatusCodes.Status200OK, "The user, with every account they are a member of and their role there");
        return app;
    }

    private static async Task<IResult> GetAsync(HttpContext http, ApiTokenService tokens, AccountAccess access, CancellationToken ct)
    {
        var token = AccessTokenHeader.Read(http.Request)!; // the policy let a personal token in
        var profile = await tokens.GetProfileAsync(AccountAccess.UserId(http.User)!, ct);
        // Deleted in the second the token's owner was remembered (ApiAccessCache).
        if (profile is null) return ApiJson.Error(StatusCodes.Status401Unauthorized, ApiAuthorization.InvalidTokenMessage);

        var accounts = (await access.ListAsync(profile.UserId, ct)).Select(Account).ToList();
        // The platform's "active account" is the one used last; ours is the first, as the account switcher opens it.
        var active = accounts.FirstOrDefault();
        return ApiJson.Ok(new ProfileJson(
            AccessToken: token.Trim(), AccountId: active?.Id, AvailableName: profile.Email, AvatarUrl: "", Confirmed: true,
            DisplayName: profile.Email, MessageSignature: null, Email: profile.Email, Id: profile.UserId, InviterId: null,
            Name: profile.Email, Provider: "email", PubsubToken: null, Role: active?.Role, UiSettings: new Dictionary<string, object>(),
            Uid: profile.Email, Type: null, Accounts: accounts));
    }

    private static ProfileAccountJson Account(Membership m)
    {
        var role = RoleName(m.Role);
        return new(m.AccountId, m.AccountName, "active", null, role, [role], "online", "online", false);
    }

    /// <summary>The platform's role names (its <c>account_users.role</c> enum).</summary>
    public static string RoleName(AccountRole role) => role == AccountRole.Administrator ? "administrator" : "agent";
}
