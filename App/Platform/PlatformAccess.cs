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
}
