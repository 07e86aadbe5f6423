using Dashboard.Accounts;

namespace Dashboard.Api;

/// <summary>
/// Who is behind an API request: a user who administers the account in the URL, or a platform app that may reach it
/// (<see cref="PlatformAppId"/>; then <see cref="UserId"/> is null).
/// </summary>
public sealed record ApiCaller(string? UserId, int AccountId, int? PlatformAppId = null);

/// <summary>
/// Guards <c>/api/v1/accounts/{accountId}</c>: the token (<see cref="AccessTokenHeader"/>) must name a user who is an
/// administrator of that account. Cookies are ignored here, so a browser session cannot be used against the API.
/// Refusals are the chat platform's own (401 with its texts), so its clients read them unchanged; README says why.
/// </summary>
public sealed class ApiAccessFilter(ApiAdminCheck check, ILogger<ApiAccessFilter> logger, IPlatformTokenCheck? platform = null) : IEndpointFilter
{
    // The platform's text, also for a missing token: its clients compare it. The hint is in WWW-Authenticate.
    public const string InvalidTokenMessage = "Invalid Access Token";
    public const string NotMemberMessage = "You are not authorized to access this account";
    public const string NotAdministratorMessage = "You are not authorized to do this action";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var accountId = int.TryParse(http.GetRouteValue("accountId")?.ToString(), out var id) ? id : 0;
        if (AccessTokenHeader.Read(http.Request) is not { } token)
        {
            AccessTokenHeader.Challenge(http.Response);
            return Refuse(StatusCodes.Status401Unauthorized, InvalidTokenMessage, "no token", accountId);
        }

        if (platform is not null && platform.IsPlatformToken(token))
        {
            var (answer, appId) = await platform.CheckAsync(token, accountId, http.RequestAborted);
            if (answer == PlatformTokenAnswer.Unknown) return Refuse(StatusCodes.Status401Unauthorized, InvalidTokenMessage, "unknown platform token", accountId);
            if (answer == PlatformTokenAnswer.NotPermitted) return Refuse(StatusCodes.Status401Unauthorized, NotMemberMessage, "account not granted to the platform app", accountId);
            http.Items[typeof(ApiCaller)] = new ApiCaller(null, accountId, appId);
            return await next(context);
        }

        // An account that does not exist reads like one the user is not a member of (the platform answers 404 there):
        // which account ids exist is not revealed.
        var (userId, decision) = await check.CheckAsync(token, accountId, http.RequestAborted);
        if (userId is null || decision is null) return Refuse(StatusCodes.Status401Unauthorized, InvalidTokenMessage, "unknown token", accountId);
        switch (decision.Refusal)
        {
            case AdminRefusal.NotMember: return Refuse(StatusCodes.Status401Unauthorized, NotMemberMessage, "not a member", accountId);
            case AdminRefusal.NotAdministrator: return Refuse(StatusCodes.Status401Unauthorized, NotAdministratorMessage, "not an administrator", accountId);
        }

        http.Items[typeof(ApiCaller)] = new ApiCaller(userId, decision.Membership!.AccountId);
        return await next(context);
    }

    private IResult Refuse(int status, string message, string reason, int accountId)
    {
        Log.ApiRefused(logger, reason, accountId);
        return ApiJson.Error(status, message);
    }
}

public static class ApiAccess
{
    /// <summary>A route group under <c>/api/v1/accounts/{accountId}</c> that only the account's administrators reach.</summary>
    public static RouteGroupBuilder MapAccountApi(this IEndpointRouteBuilder app, string prefix) =>
        app.MapGroup("/api/v1/accounts/{accountId:int}" + prefix).AddEndpointFilter<ApiAccessFilter>();

    /// <summary>The caller the filter let through (only valid inside <see cref="MapAccountApi"/> endpoints).</summary>
    public static ApiCaller ApiCaller(this HttpContext context) =>
        context.Items[typeof(ApiCaller)] as ApiCaller ?? throw new InvalidOperationException("Not an account API endpoint.");
}
