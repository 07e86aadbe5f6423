using Dashboard.Api;

namespace Dashboard.Platform;

/// <summary>The platform app behind a <c>/platform/api/v1</c> request.</summary>
public sealed record PlatformCaller(int AppId);

public static class PlatformAccess
{
    public const string Prefix = "/platform/api/v1";

    // The platform's texts: its lower-case spelling for the token, unlike the application API's.
    public const string InvalidTokenMessage = "Invalid access_token";
    public const string NotPermittedMessage = "Non permissible resource";

    private static readonly ApiRefusalWords Words = new(InvalidTokenMessage, NotPermittedMessage, NotPermittedMessage);

    /// <summary>
    /// <c>/platform/api/v1</c>: only a platform app's token, current or in its grace (<see cref="ApiAuthorization.PlatformApp"/>),
    /// gets in; anything else is 401 <c>{"error":"Invalid access_token"}</c>, as the platform answers.
    /// </summary>
    public static RouteGroupBuilder MapPlatformApiGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup(Prefix).RequireApiToken(ApiAuthorization.PlatformApp, Words).RequireRateLimiting(ApiRateLimits.PlatformApi);

    public static PlatformCaller PlatformCaller(this HttpContext context) =>
        new(ApiClaims.PlatformAppId(context.User) ?? throw new InvalidOperationException("Not a Platform API endpoint."));

    /// <summary>The platform's answer for a resource that exists but is not this app's.</summary>
    public static IResult NotPermitted() => ApiJson.Error(StatusCodes.Status401Unauthorized, NotPermittedMessage);

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
