using Microsoft.AspNetCore.Authorization;

namespace Dashboard.Accounts;

/// <summary>
/// Who may act, as named policies: pages ask them through <see cref="IAuthorizationService"/> with the account id as the
/// resource, the API through <c>RequireAuthorization</c> (the resource is then the request, whose route names the account).
/// The rules themselves stay where they were: <see cref="AccountAccess.CheckAdministratorAsync"/> and
/// <see cref="InstallationAccess.IsOperatorAsync"/>.
/// </summary>
public static class AccessPolicies
{
    /// <summary>The caller administers the account (the resource) now; a platform app, when the account was granted to it.</summary>
    public const string AccountAdministrator = nameof(AccountAdministrator);

    /// <summary>The user holds the installation's operator role now.</summary>
    public const string Operator = nameof(Operator);

    /// <summary>The scheme of tokens in the <c>api_access_token</c> header (personal and platform); cookies are another.</summary>
    public const string ApiTokenScheme = "ApiToken";

    public static IServiceCollection AddAccessPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(AccountAdministrator, p => p.RequireAuthenticatedUser().AddRequirements(new AccountAdministratorRequirement()))
            .AddPolicy(Operator, p => p.RequireAuthenticatedUser().AddRequirements(new OperatorRequirement()));
        services.AddSingleton<IAuthorizationHandler, AccountAdministratorHandler>();
        services.AddSingleton<IAuthorizationHandler, OperatorHandler>();
        return services;
    }

    /// <summary>True for a principal made from an API token, whose answers may be a second old (<see cref="ApiAccessCache"/>).</summary>
    public static bool CameWithApiToken(System.Security.Claims.ClaimsPrincipal user) => user.Identity?.AuthenticationType == ApiTokenScheme;
}

public sealed class AccountAdministratorRequirement : IAuthorizationRequirement;

public sealed class OperatorRequirement : IAuthorizationRequirement;

/// <summary>Why <see cref="AccessPolicies.AccountAdministrator"/> refused, so the API can answer in the platform's words.</summary>
public sealed class AdminRefusalReason(IAuthorizationHandler handler, AdminRefusal refusal) : AuthorizationFailureReason(handler, refusal.ToString())
{
    public AdminRefusal Refusal { get; } = refusal;
}

/// <summary>The account a policy is asked about: an id, or the request whose route carries <c>{accountId}</c>.</summary>
public static class AccountResource
{
    public const string RouteKey = "accountId";

    public static int? IdOf(object? resource) => resource switch
    {
        int id => id,
        HttpContext http => int.TryParse(http.GetRouteValue(RouteKey)?.ToString(), out var id) ? id : null,
        _ => null,
    };

    public static CancellationToken AbortedOf(object? resource) => resource is HttpContext http ? http.RequestAborted : default;
}
