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
        SignInManager<ApplicationUser> signIn)
    {
        var target = IsLocal(returnUrl) ? returnUrl! : "/";
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            return Back("missing", target, email);

        var result = await signIn.PasswordSignInAsync(email.Trim(), password, isPersistent: true, lockoutOnFailure: true);
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
