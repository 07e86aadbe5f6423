using Dashboard.Accounts;

namespace Dashboard.Api;

/// <summary>
/// Who is behind an API request: a user who administers the account in the URL, or a platform app that may reach it
/// (<see cref="PlatformAppId"/>; then <see cref="UserId"/> is null).
/// </summary>
public sealed record ApiCaller(string? UserId, int AccountId, int? PlatformAppId = null);

public static class ApiAccess
{
    /// <summary>
    /// A route group under <c>/api/v1/accounts/{accountId}</c> that only the account's administrators reach (by personal
    /// token), and platform apps it was granted to (<see cref="AccessPolicies.AccountAdministrator"/>). Refusals are the chat
    /// platform's own (401 with its texts), so its clients read them unchanged; README says why.
    /// </summary>
    public static RouteGroupBuilder MapAccountApi(this IEndpointRouteBuilder app, string prefix) =>
        app.MapGroup($"/api/v1/accounts/{{{AccountResource.RouteKey}:int}}" + prefix)
            .RequireApiToken(AccessPolicies.AccountAdministrator, ApiAuthorization.ApplicationWords);

    /// <summary>The caller the policy let through (only valid inside <see cref="MapAccountApi"/> endpoints).</summary>
    public static ApiCaller ApiCaller(this HttpContext context) =>
        new(AccountAccess.UserId(context.User),
            AccountResource.IdOf(context) ?? throw new InvalidOperationException("Not an account API endpoint."),
            ApiClaims.PlatformAppId(context.User));
}
