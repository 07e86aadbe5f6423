using Microsoft.AspNetCore.Identity;

namespace Dashboard.Accounts;

/// <summary>
/// The one way a password is replaced (a set-password link, the Platform API, a reset): checked against every rule first,
/// so a refused password leaves the old one in place; once set, the user's other sessions end.
/// </summary>
public static class Passwords
{
    /// <summary>Every rule the password breaks (none: succeeded), without changing anything.</summary>
    public static async Task<IdentityResult> CheckAsync(UserManager<ApplicationUser> users, ApplicationUser user, string password)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
            if (await validator.ValidateAsync(users, user, password) is { Succeeded: false } result) errors.AddRange(result.Errors);
        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }

    public static async Task<IdentityResult> ReplaceAsync(UserManager<ApplicationUser> users, ApplicationUser user, string password)
    {
        var check = await CheckAsync(users, user, password);
        if (!check.Succeeded) return check;
        if (await users.HasPasswordAsync(user)) await users.RemovePasswordAsync(user);
        var set = await users.AddPasswordAsync(user, password);
        if (set.Succeeded) await users.UpdateSecurityStampAsync(user); // other sessions of this user end
        return set;
    }
}
