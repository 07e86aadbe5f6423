using Dashboard.Api;

namespace Dashboard.Platform;

/// <summary>The platform app behind a <c>/platform/api/v1</c> request.</summary>
public sealed record PlatformCaller(int AppId);

/// <summary>
/// Guards <c>/platform/api/v1</c>: the token (either header spelling) must be a platform app's, current or in its grace.
/// Refusals are the platform's: 401 <c>{"error":"Invalid access_token"}</c> (its lower-case spelling, unlike the
/// application API's).
/// </summary>
public sealed class PlatformAccessFilter(PlatformApps apps) : IEndpointFilter
{
    public const string InvalidTokenMessage = "Invalid access_token";
    public const string NotPermittedMessage = "Non permissible resource";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var token = AccessTokenHeader.Read(http.Request);
        if (token is null) AccessTokenHeader.Challenge(http.Response);
        if (await apps.FindByTokenAsync(token, http.RequestAborted) is not { } appId)
            return ApiJson.Error(StatusCodes.Status401Unauthorized, InvalidTokenMessage);
        http.Items[typeof(PlatformCaller)] = new PlatformCaller(appId);
        return await next(context);
    }
}

public static class PlatformAccess
{
    public const string Prefix = "/platform/api/v1";

    public static RouteGroupBuilder MapPlatformApiGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup(Prefix).AddEndpointFilter<PlatformAccessFilter>().RequireRateLimiting(ApiRateLimits.PlatformApi);

    public static PlatformCaller PlatformCaller(this HttpContext context) =>
        context.Items[typeof(PlatformCaller)] as PlatformCaller ?? throw new InvalidOperationException("Not a Platform API endpoint.");

    /// <summary>The platform's answer for a resource that exists but is not this app's.</summary>
    public static IResult NotPermitted() => ApiJson.Error(StatusCodes.Status401Unauthorized, PlatformAccessFilter.NotPermittedMessage);

    public static IResult NotFound() => ApiJson.Error(StatusCodes.Status404NotFound, ApiJson.NotFoundMessage);

    /// <summary>
    /// How every Platform API route answers for an account in its path, as the platform does: null when the calling app may
    /// reach it (<see cref="PlatformGrants"/>), else 404 for an unknown id and 401 "Non permissible resource" for another's.
    /// </summary>
    public static async Task<IResult?> AccountRefusalAsync(this HttpContext http, int accountId)
    {
        var services = http.RequestServices;
        if (await services.GetRequiredService<AccountDirectory>().FindAsync(accountId, http.RequestAborted) is null) return NotFound();
        return await services.GetRequiredService<PlatformGrants>().MayReachAccountAsync(http.PlatformCaller().AppId, accountId, http.RequestAborted)
            ? null : NotPermitted();
    }

    /// <summary>The same for a user by number: their id when the app may reach them, else the refusal.</summary>
    public static async Task<(string? UserId, IResult? Refusal)> ReachUserAsync(this HttpContext http, int number)
    {
        var services = http.RequestServices;
        // A number's row goes with its user (cascade), so a number found is a user that exists.
        var userId = await services.GetRequiredService<UserNumbers>().UserIdOfAsync(number, http.RequestAborted);
        if (userId is null) return (null, NotFound());
        return await services.GetRequiredService<PlatformGrants>().MayReachUserAsync(http.PlatformCaller().AppId, userId, http.RequestAborted)
            ? (userId, null) : (null, NotPermitted());
    }
}
