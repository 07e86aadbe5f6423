using Dashboard.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Platform;

/// <summary>
/// The platform's sign-in links (its <c>sso_auth_token</c>, and Svix's app-portal links): one link, one sign-in, within
/// 5 minutes, at the platform's own path <c>/app/login?email=…&amp;sso_auth_token=…</c>.
/// </summary>
public sealed class SignInLinks(OneTimeLinks links, PublicAddress address)
{
    public const string Path = "/app/login";

    public async Task<string> IssueAsync(ApplicationUser user, CancellationToken ct = default)
    {
        var secret = await links.IssueAsync(user.Id, LinkPurpose.SignIn, ct);
        return address.Link($"{Path}?email={Uri.EscapeDataString(user.Email ?? "")}&sso_auth_token={secret}");
    }

    /// <summary>Signs the link's user in and lands them on their first account; a used, expired or wrong link signs nobody in and says so.</summary>
    public static async Task<IResult> HandleAsync(string? email, string? sso_auth_token, OneTimeLinks links, SignInManager<ApplicationUser> signIn, ILogger<SignInLinks> logger)
    {
        var user = string.IsNullOrWhiteSpace(email) ? null : await signIn.UserManager.FindByEmailAsync(email.Trim());
        if (user is null || !await links.ConsumeAsync(user.Id, LinkPurpose.SignIn, sso_auth_token))
            return Results.LocalRedirect("/account/login?error=link");
        if (await signIn.UserManager.IsLockedOutAsync(user)) return Results.LocalRedirect("/account/login?error=locked");
        await signIn.SignInAsync(user, isPersistent: true);
        Log.SignedInByLink(logger, user.Id);
        return Results.LocalRedirect("/");
    }
}
