using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Platform;

/// <summary>
/// What a platform app may reach (the platform's permissibles): the accounts and users it created, and those an operator
/// granted it. The one place that answers, for the Platform API and for the application API's platform tokens.
/// </summary>
public sealed class PlatformGrants(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<bool> MayReachAccountAsync(int appId, int accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PlatformGrantsOf(accountId).AnyAsync(g => g.PlatformAppId == appId, ct);
    }

    public async Task<bool> MayReachUserAsync(int appId, string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PlatformAppUsers.AnyAsync(g => g.PlatformAppId == appId && g.UserId == userId, ct);
    }

    public async Task GrantAccountAsync(int appId, int accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.PlatformGrantsOf(accountId).AnyAsync(g => g.PlatformAppId == appId, ct)) return;
        db.PlatformAppAccounts.Add(new PlatformAppAccount { PlatformAppId = appId, AccountId = accountId });
        await db.SaveChangesAsync(ct);
    }

    public async Task GrantUserAsync(int appId, string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.PlatformAppUsers.AnyAsync(g => g.PlatformAppId == appId && g.UserId == userId, ct)) return;
        db.PlatformAppUsers.Add(new PlatformAppUser { PlatformAppId = appId, UserId = userId });
        await db.SaveChangesAsync(ct);
    }

    public async Task<bool> RevokeAccountAsync(int appId, int accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PlatformGrantsOf(accountId).Where(g => g.PlatformAppId == appId).ExecuteDeleteAsync(ct) > 0;
    }
}
