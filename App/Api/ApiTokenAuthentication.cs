using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Dashboard.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Dashboard.Api;

/// <summary>The claim a platform app's principal carries (its id); a user's carries <see cref="ClaimTypes.NameIdentifier"/>.</summary>
public static class ApiClaims
{
    public const string PlatformApp = "platform_app";

    public static int? PlatformAppId(ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(PlatformApp), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}

/// <summary>
/// Authenticates the token in <see cref="AccessTokenHeader"/> (scheme <see cref="AccessPolicies.ApiTokenScheme"/>): a platform
/// app's token (<see cref="IPlatformTokenCheck"/>) becomes a principal with <see cref="ApiClaims.PlatformApp"/>, a personal
/// token its user. No header: no result (the policy then refuses); a token nobody holds: a failure. What the caller may do
/// is the policies' question, not this one's.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggers, UrlEncoder encoder,
    ApiAdminCheck users, IPlatformTokenCheck? platform = null)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (AccessTokenHeader.Read(Request) is not { } token) return AuthenticateResult.NoResult();
        var ct = Context.RequestAborted;
        Claim who;
        if (platform is not null && platform.IsPlatformToken(token))
        {
            if (await platform.FindAppAsync(token, ct) is not { } appId) return AuthenticateResult.Fail("unknown platform token");
            who = new Claim(ApiClaims.PlatformApp, appId.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            if (await users.FindOwnerAsync(token, ct) is not { } userId) return AuthenticateResult.Fail("unknown token");
            who = new Claim(ClaimTypes.NameIdentifier, userId);
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity([who], Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }
}
