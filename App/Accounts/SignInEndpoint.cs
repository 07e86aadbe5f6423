using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Accounts;

/// <summary>The sign-in form posts here; failures go back to the form with a message, never revealing which part was wrong.</summary>
internal static class SignInEndpoint
{
    public static async Task<IResult> HandleAsync(
        [FromForm] string? email,
        [FromForm] string? password,
        [FromForm] string? returnUrl,
        SignInManager<ApplicationUser> signIn,
        UnknownEmailSignIn unknownEmail)
    {
        var target = IsLocal(returnUrl) ? returnUrl! : "/";
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            return Back("missing", target, email);

        // Users are found by name, which is their email here; an email with no account gets the same answer, lockout and
        // cost as a wrong password, so the form cannot be used to find out who has an account.
        var name = email.Trim();
        var user = await signIn.UserManager.FindByNameAsync(name);
        var result = user is null
            ? unknownEmail.Check(signIn.UserManager.NormalizeName(name), password)
            : await signIn.PasswordSignInAsync(user, password, isPersistent: true, lockoutOnFailure: true);
        if (result.Succeeded) return Results.LocalRedirect(target);
        return Back(result.IsLockedOut ? "locked" : "invalid", target, email);
    }

    // Control characters (a tab, CR/LF) make LocalRedirect throw: such a target falls back to "/" like a foreign one.
    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
        && !url.Any(char.IsControl);

    private static IResult Back(string error, string returnUrl, string? email) =>
        Results.LocalRedirect($"/account/login?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}&email={Uri.EscapeDataString(email ?? "")}");
}
