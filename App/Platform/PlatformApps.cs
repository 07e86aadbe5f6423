using System.Security.Cryptography;
using Dashboard.Accounts;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Platform;

/// <summary>A platform app as the console lists it (never its token).</summary>
public sealed record PlatformAppSummary(int Id, string Name, DateTime CreatedAt, DateTime TokenCreatedAt, DateTime? PreviousTokenExpiresAt, int Accounts);

/// <summary>
/// Platform apps and their tokens: made, regenerated with a grace for the old token (so a platform rotating its credential
/// under a live event stream loses nothing), revoked at once, and found by a token's hash.
/// </summary>
public sealed class PlatformApps(IDbContextFactory<AppDbContext> dbFactory, PlatformAccessCache cache, TimeProvider time)
{
    public const string TokenPrefix = "dshp_";
    public const int MaxNameLength = 255;
    /// <summary>Longer than any token we hand out; longer input is refused before hashing.</summary>
    public const int MaxTokenLength = 200;
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromHours(24);

    public static string NewToken() => TokenPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new app and its token (shown once).</summary>
    public async Task<(PlatformApp App, string Token)> CreateAsync(string name, CancellationToken ct = default)
    {
        name = name.Trim();
        if (name.Length is 0 or > MaxNameLength) throw new ArgumentException($"A platform app's name is 1 to {MaxNameLength} characters.", nameof(name));
        var token = NewToken();
        var now = time.GetUtcNow().UtcDateTime;
        var app = new PlatformApp { Name = name, TokenHash = AccessTokens.Hash(token), CreatedAt = now, TokenCreatedAt = now };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.PlatformApps.Add(app);
        await db.SaveChangesAsync(ct);
        return (app, token);
    }

    /// <summary>
    /// A new token; the current one keeps working for <paramref name="grace"/> (zero: stops at once). A token that was
    /// still in its grace from an earlier regeneration stops now: at most two work at a time.
    /// </summary>
    public async Task<string?> RegenerateAsync(int appId, TimeSpan grace, CancellationToken ct = default)
    {
        if (grace < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(grace));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var app = await db.PlatformApps.FirstOrDefaultAsync(a => a.Id == appId, ct);
        if (app is null) return null;
        var token = NewToken();
        var now = time.GetUtcNow().UtcDateTime;
        app.PreviousTokenHash = grace > TimeSpan.Zero ? app.TokenHash : null;
        app.PreviousTokenExpiresAt = grace > TimeSpan.Zero ? now + grace : null;
        app.TokenHash = AccessTokens.Hash(token);
        app.TokenCreatedAt = now;
        await db.SaveChangesAsync(ct);
        cache.ForgetApp(appId); // a token whose grace this ended stops at once here
        return token;
    }

    /// <summary>Ends the previous token's grace at once (it leaked, or the platform has switched).</summary>
    public async Task<bool> EndGraceAsync(int appId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ended = await db.PlatformApps.Where(a => a.Id == appId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.PreviousTokenHash, (string?)null).SetProperty(a => a.PreviousTokenExpiresAt, (DateTime?)null), ct) == 1;
        cache.ForgetApp(appId);
        return ended;
    }

    /// <summary>Deletes the app: both its tokens stop at once; what it made stays (accounts, users), its grants go.</summary>
    public async Task<bool> RevokeAsync(int appId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var revoked = await db.PlatformApps.Where(a => a.Id == appId).ExecuteDeleteAsync(ct) == 1;
        cache.ForgetApp(appId);
        return revoked;
    }

    /// <summary>The hash a platform token is stored and remembered by; null for text that cannot be one (refused before hashing).</summary>
    public static string? HashOf(string? token)
    {
        token = token?.Trim();
        if (string.IsNullOrEmpty(token) || !token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > MaxTokenLength) return null;
        return AccessTokens.Hash(token);
    }

    /// <summary>The app whose current token, or previous token still in its grace, this is; null for anything else.</summary>
    public Task<int?> FindByTokenAsync(string? token, CancellationToken ct = default) =>
        HashOf(token) is { } hash ? FindByHashAsync(hash, ct) : Task.FromResult<int?>(null);

    /// <summary>As <see cref="FindByTokenAsync"/>, from the token's <see cref="HashOf"/>.</summary>
    public async Task<int?> FindByHashAsync(string hash, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PlatformApps.AsNoTracking()
            .Where(a => a.TokenHash == hash || (a.PreviousTokenHash == hash && a.PreviousTokenExpiresAt > now))
            .Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<PlatformAppSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        return await db.PlatformApps.AsNoTracking().OrderBy(a => a.Name).ThenBy(a => a.Id)
            .Select(a => new PlatformAppSummary(a.Id, a.Name, a.CreatedAt, a.TokenCreatedAt,
                a.PreviousTokenExpiresAt > now ? a.PreviousTokenExpiresAt : null,
                db.PlatformAppAccounts.Count(g => g.PlatformAppId == a.Id)))
            .ToListAsync(ct);
    }
}
