using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Accounts;

/// <summary>What a password must be, in words (from Identity's options, so the text follows the rules).</summary>
public static class SetPasswordRules
{
    public static string Describe(PasswordOptions o)
    {
        var needs = new List<string>();
        if (o.RequireUppercase) needs.Add("an upper-case letter");
        if (o.RequireLowercase) needs.Add("a lower-case letter");
        if (o.RequireDigit) needs.Add("a digit");
        if (o.RequireNonAlphanumeric) needs.Add("a symbol");
        return needs.Count == 0
            ? $"At least {o.RequiredLength} characters."
            : $"At least {o.RequiredLength} characters, with {string.Join(", ", needs[..^1])}{(needs.Count > 1 ? " and " : "")}{needs[^1]}.";
    }
}

/// <summary>
/// The set-password form posts here: the link's secret is taken (once), the password set, the user signed in. A used or
/// expired link changes nothing; a weak password leaves the link usable, so the person can try again.
/// </summary>
internal static class SetPasswordEndpoint
{
    public static async Task<IResult> HandleAsync(
        [FromForm] string? user, [FromForm] string? token, [FromForm] string? password, [FromForm] string? confirm,
        OneTimeLinks links, SignInManager<ApplicationUser> signIn, ILogger<OneTimeLinks> logger)
    {
        var users = signIn.UserManager;
        var account = user is null ? null : await users.FindByIdAsync(user);
        if (account is null || !await links.IsValidAsync(user, LinkPurpose.SetPassword, token)) return Back(user, token, error: null);
        if (string.IsNullOrEmpty(password) || password != confirm) return Back(user, token, "mismatch");
        // Checked before the link is taken: a weak password leaves the link usable.
        if (!(await Passwords.CheckAsync(users, account, password)).Succeeded) return Back(user, token, "weak");

        if (!await links.ConsumeAsync(user, LinkPurpose.SetPassword, token)) return Back(user, token, error: null);
        if (!(await Passwords.ReplaceAsync(users, account, password)).Succeeded) return Back(user, token, "weak");
        account.EmailConfirmed = true; // the link reached them at this address
        await users.UpdateAsync(account);
        Log.PasswordSet(logger, account.Id);
        await signIn.SignInAsync(account, isPersistent: true);
        return Results.LocalRedirect("/");
    }

    private static IResult Back(string? user, string? token, string? error) =>
        Results.LocalRedirect($"/account/set-password?user={Uri.EscapeDataString(user ?? "")}&token={Uri.EscapeDataString(token ?? "")}" +
                              (error is null ? "" : $"&error={error}"));
}

/// <summary>The address of a set-password link (one home: the command line, the console and invitations build it here).</summary>
public static class SetPasswordLinks
{
    public static string For(PublicAddress address, string userId, string secret) =>
        address.Link($"/account/set-password?user={Uri.EscapeDataString(userId)}&token={Uri.EscapeDataString(secret)}");
}
