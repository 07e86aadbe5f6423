using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Accounts;

/// <summary>What the profile page shows about a user; the token itself is never readable again.</summary>
public sealed record UserProfile(string UserId, string Email, bool HasApiToken, DateTime? ApiTokenCreatedAt);

/// <summary>Personal API access tokens: look-up by hash for the API, (re)generation for the profile page.</summary>
public sealed class ApiTokenService(IDbContextFactory<AppDbContext> dbFactory, ApiAccessCache cache, TimeProvider time, ILogger<ApiTokenService> logger)
{
    /// <summary>Longer than any token we hand out; longer input is refused before hashing.</summary>
    public const int MaxTokenLength = 200;

    /// <summary>False for input that cannot be a token (empty, or longer than any we hand out): refused before hashing.</summary>
    public static bool IsPlausible(string? token) => !string.IsNullOrWhiteSpace(token) && token.Length <= MaxTokenLength;

    /// <summary>The hash a personal token is stored and remembered by; null for text that cannot be one (refused before hashing).</summary>
    public static string? HashOf(string? token) => IsPlausible(token) ? AccessTokens.Hash(token!.Trim()) : null;

    public Task<string?> FindUserIdAsync(string? token, CancellationToken ct = default) =>
        HashOf(token) is { } hash ? FindUserIdByHashAsync(hash, ct) : Task.FromResult<string?>(null);

    /// <summary>The user whose token has this <see cref="AccessTokens.Hash"/>, read fresh from the database.</summary>
    public async Task<string?> FindUserIdByHashAsync(string hash, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().Where(u => u.ApiTokenHash == hash).Select(u => new { u.Id, u.LockoutEnd }).FirstOrDefaultAsync(ct);
        // A locked user's token stops with them (compared here: SQLite cannot compare DateTimeOffset in SQL).
        return user is null || user.LockoutEnd > time.GetUtcNow() ? null : user.Id;
    }

    public async Task<UserProfile?> GetProfileAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new UserProfile(u.Id, u.Email ?? u.UserName ?? "", u.ApiTokenHash != null, u.ApiTokenHash == null ? null : u.ApiTokenCreatedAt))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>A new token for the user; the previous one stops working at once. Returns the token to show once.</summary>
    public async Task<string> RegenerateAsync(string userId, CancellationToken ct = default)
    {
        var token = AccessTokens.Generate();
        var hash = AccessTokens.Hash(token);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var updated = await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.ApiTokenHash, hash).SetProperty(u => u.ApiTokenCreatedAt, now), ct);
        if (updated == 0) throw new InvalidOperationException("The user no longer exists.");
        // Other instances stop accepting the old token when their cache entry expires (a second); this one at once.
        cache.ForgetUser(userId);
        Log.ApiTokenRegenerated(logger, userId);
        return token;
    }
}
