using Dashboard.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Dashboard.Api;

/// <summary>
/// How token-guarded routes are authorised: the scheme <see cref="ApiTokenAuthenticationHandler"/>, the policies
/// (<see cref="AccessPolicies.AccountAdministrator"/> from Accounts; <see cref="PlatformApp"/> and <see cref="TokenUser"/> here),
/// and refusals in the platform's words (<see cref="ApiRefusals"/>) instead of a challenge. Cookies are never read on these
/// routes, so a browser session cannot be used against the API.
/// </summary>
public static class ApiAuthorization
{
    /// <summary>The caller is a platform app (the Platform API).</summary>
    public const string PlatformApp = nameof(PlatformApp);

    /// <summary>The caller holds a personal token (their own profile).</summary>
    public const string TokenUser = nameof(TokenUser);

    // The platform's texts, also for a missing token: its clients compare them. The hint is in WWW-Authenticate.
    public const string InvalidTokenMessage = "Invalid Access Token";
    public const string NotMemberMessage = "You are not authorized to access this account";
    public const string NotAdministratorMessage = "You are not authorized to do this action";

    /// <summary>The application API's refusals (the platform's <c>api/v1</c>).</summary>
    public static readonly ApiRefusalWords ApplicationWords = new(InvalidTokenMessage, NotMemberMessage, NotAdministratorMessage);

    public static IServiceCollection AddApiAuthorization(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(
            AccessPolicies.ApiTokenScheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(PlatformApp, p => p.AddAuthenticationSchemes(AccessPolicies.ApiTokenScheme).RequireClaim(ApiClaims.PlatformApp))
            .AddPolicy(TokenUser, p => p.AddAuthenticationSchemes(AccessPolicies.ApiTokenScheme)
                .RequireClaim(System.Security.Claims.ClaimTypes.NameIdentifier));
        services.AddSingleton<IAuthorizationHandler, PlatformAppAccountHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiRefusals>();
        return services;
    }

    /// <summary>
    /// Routes only callers with an API token that satisfies <paramref name="policy"/> reach; a refusal is 401 in
    /// <paramref name="words"/>.
    /// </summary>
    public static TBuilder RequireApiToken<TBuilder>(this TBuilder builder, string policy, ApiRefusalWords words)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizeAttribute(policy) { AuthenticationSchemes = AccessPolicies.ApiTokenScheme }).WithMetadata(words);
}

/// <summary>What a token-guarded route answers, with 401, when the token is missing or unknown, or the account not the caller's.</summary>
public sealed record ApiRefusalWords(string InvalidToken, string NotMember, string NotAdministrator);

/// <summary>
/// <see cref="AccessPolicies.AccountAdministrator"/> for platform apps: the account was created by the app or granted to it.
/// Users are <see cref="AccountAdministratorHandler"/>'s.
/// </summary>
public sealed class PlatformAppAccountHandler(IPlatformTokenCheck? platform = null) : AuthorizationHandler<AccountAdministratorRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AccountAdministratorRequirement requirement)
    {
        if (platform is null || ApiClaims.PlatformAppId(context.User) is not { } appId) return;
        var accountId = AccountResource.IdOf(context.Resource) ?? 0;
        if (await platform.MayReachAccountAsync(appId, accountId, AccountResource.AbortedOf(context.Resource))) context.Succeed(requirement);
        else context.Fail(new AdminRefusalReason(this, AdminRefusal.NotMember));
    }
}

/// <summary>
/// Answers a refused token-guarded route (<see cref="ApiRefusalWords"/> in its metadata) as the platform does: 401 with its
/// text, and where the token was missing, where it goes (<see cref="AccessTokenHeader.Challenge"/>). Everything else (pages)
/// gets the framework's answer: a redirect to sign in.
/// </summary>
public sealed class ApiRefusals(ILogger<ApiRefusals> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _framework = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Succeeded || context.GetEndpoint()?.Metadata.GetMetadata<ApiRefusalWords>() is not { } words)
        {
            await _framework.HandleAsync(next, context, policy, result);
            return;
        }

        var hasToken = AccessTokenHeader.Read(context.Request) is not null;
        if (!hasToken) AccessTokenHeader.Challenge(context.Response);
        var refusal = result.AuthorizationFailure?.FailureReasons.OfType<AdminRefusalReason>().FirstOrDefault()?.Refusal;
        var (message, reason) = refusal switch
        {
            AdminRefusal.NotMember => (words.NotMember, "not a member, or not granted to the platform app"),
            AdminRefusal.NotAdministrator => (words.NotAdministrator, "not an administrator"),
            _ => (words.InvalidToken, hasToken ? "unknown token, or not one this route takes" : "no token"),
        };
        Log.ApiRefused(logger, reason, AccountResource.IdOf(context) ?? 0);
        await ApiJson.WriteErrorAsync(context, StatusCodes.Status401Unauthorized, message);
    }
}
