using Microsoft.AspNetCore.Identity;

namespace Dashboard.Accounts;

/// <summary>
/// Sign-in for an email with no account. It must look like a wrong password for a real account: the same answer, the same
/// lockout and about the same time; otherwise the form tells anyone which emails have an account.
/// </summary>
internal sealed class UnknownEmailSignIn(IPasswordHasher<ApplicationUser> hasher, DecoyPasswordHash decoy, UnknownEmailLockout lockout)
{
    public SignInResult Check(string normalizedEmail, string password)
    {
        // Identity answers a locked user before checking the password (no hashing): so does this.
        if (lockout.IsLockedOut(normalizedEmail)) return SignInResult.LockedOut;

        // The result does not matter, no password matches the decoy: spending the hashing time does.
        _ = hasher.VerifyHashedPassword(new ApplicationUser(), decoy.Get(hasher), password);
        return lockout.RecordFailure(normalizedEmail) ? SignInResult.LockedOut : SignInResult.Failed;
    }
}
