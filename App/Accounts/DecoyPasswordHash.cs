using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Accounts;

/// <summary>
/// A password hash that no typed password matches, made once with the app's own hasher: checking a password against it
/// costs what checking a real user's password costs, and follows the hasher's settings if they change.
/// </summary>
internal sealed class DecoyPasswordHash
{
    private string? _hash;

    public string Get(IPasswordHasher<ApplicationUser> hasher) =>
        LazyInitializer.EnsureInitialized(ref _hash,
            () => hasher.HashPassword(new ApplicationUser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
}
