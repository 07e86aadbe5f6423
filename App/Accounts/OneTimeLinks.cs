using System.Globalization;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Accounts;

/// <summary>What a one-time link lets its holder do, and for how long.</summary>
public sealed record LinkPurpose(string Name, TimeSpan Lifetime)
{
    /// <summary>Set the first password (a new operator or user): a day to open the mail or the handed-over link.</summary>
    public static readonly LinkPurpose SetPassword = new("set-password", TimeSpan.FromHours(24));

    /// <summary>A platform's sign-in link for its user: minutes, as the platform's own (sso_auth_token, 5 minutes).</summary>
    public static readonly LinkPurpose SignIn = new("sign-in", TimeSpan.FromMinutes(5));
}

/// <summary>
/// The secrets behind one-time links: random, stored only as a hash with their expiry (in Identity's user tokens, one per
/// user and purpose, so a new link replaces the previous one), and taken once: the conditional delete that consumes one
/// succeeds for a single request however many race.
/// </summary>
public sealed class OneTimeLinks(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    private const string Provider = "Dashboard";

    /// <summary>A new secret for the user (the previous one of this purpose stops working); hand it over once, never store it.</summary>
    public async Task<string> IssueAsync(string userId, LinkPurpose purpose, CancellationToken ct = default)
    {
        var secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var value = Stored(AccessTokens.Hash(secret), time.GetUtcNow().Add(purpose.Lifetime));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == Provider && t.Name == purpose.Name).ExecuteDeleteAsync(ct);
        db.UserTokens.Add(new() { UserId = userId, LoginProvider = Provider, Name = purpose.Name, Value = value });
        await db.SaveChangesAsync(ct);
        return secret;
    }

    /// <summary>Whether the secret would be taken now (to show a form; taking it is <see cref="ConsumeAsync"/>).</summary>
    public async Task<bool> IsValidAsync(string? userId, LinkPurpose purpose, string? secret, CancellationToken ct = default) =>
        await FindAsync(userId, purpose, secret, ct) is not null;

    /// <summary>True once for a valid, unexpired secret, which is gone afterwards; false for anything else.</summary>
    public async Task<bool> ConsumeAsync(string? userId, LinkPurpose purpose, string? secret, CancellationToken ct = default)
    {
        if (await FindAsync(userId, purpose, secret, ct) is not { } stored) return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.UserTokens
            .Where(t => t.UserId == userId && t.LoginProvider == Provider && t.Name == purpose.Name && t.Value == stored)
            .ExecuteDeleteAsync(ct) == 1;
    }

    private async Task<string?> FindAsync(string? userId, LinkPurpose purpose, string? secret, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(secret) || secret.Length > 200) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.UserTokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.LoginProvider == Provider && t.Name == purpose.Name).Select(t => t.Value).FirstOrDefaultAsync(ct);
        if (stored is null || stored.Split(':') is not [var hash, var expiresText]) return null;
        var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(expiresText, CultureInfo.InvariantCulture));
        if (time.GetUtcNow() >= expires) return null;
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            Convert.FromHexString(hash), Convert.FromHexString(AccessTokens.Hash(secret))) ? stored : null;
    }

    private static string Stored(string hash, DateTimeOffset expires) => $"{hash}:{expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
}
