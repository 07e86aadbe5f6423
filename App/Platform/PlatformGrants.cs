using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Platform;

/// <summary>An account a platform app may reach, as the operator console lists it.</summary>
public sealed record ReachableAccount(int Id, string Name);

/// <summary>One page of an app's accounts, and how many match in all.</summary>
public sealed record ReachableAccountPage(IReadOnlyList<ReachableAccount> Rows, int Total);

/// <summary>What asking to grant an account did.</summary>
public enum GrantOutcome { Granted, AlreadyGranted, NoSuchAccount, NoSuchApp }

/// <summary>
/// What a platform app may reach (the platform's permissibles): the accounts and users it created, and those an operator
/// granted it. The one place that answers, for the Platform API and for the application API's platform tokens.
/// </summary>
public sealed class PlatformGrants(IDbContextFactory<AppDbContext> dbFactory, PlatformAccessCache cache)
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

    /// <summary>
    /// The accounts the app may reach (made by it or granted), matching <paramref name="term"/> as the account search does,
    /// by id, one page at a time: an app of a large platform reaches thousands.
    /// </summary>
    public async Task<ReachableAccountPage> AccountsAsync(int appId, string? term, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var granted = db.PlatformAppAccounts.Where(g => g.PlatformAppId == appId).Select(g => g.AccountId);
        var reached = db.Accounts.AsNoTracking().Where(a => granted.Contains(a.Id));
        var query = AccountDirectory.Matching(reached, term);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(a => a.Id).Skip(skip).Take(take).Select(a => new ReachableAccount(a.Id, a.Name)).ToListAsync(ct);
        return new(rows, total);
    }

    /// <summary>Which of these accounts the app reaches already (so the console offers to grant only the others).</summary>
    public async Task<IReadOnlySet<int>> ReachedAmongAsync(int appId, IReadOnlyCollection<int> accountIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.PlatformAppAccounts.AsNoTracking().Where(g => g.PlatformAppId == appId && accountIds.Contains(g.AccountId))
            .Select(g => g.AccountId).ToListAsync(ct)).ToHashSet();
    }

    /// <summary>Lets the app reach the account; granting again changes nothing, and an unknown account or app grants nothing.</summary>
    public async Task<GrantOutcome> GrantAccountAsync(int appId, int accountId, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await WhyNotAsync(db, appId, accountId, ct) is { } refused) return refused;
            db.PlatformAppAccounts.Add(new PlatformAppAccount { PlatformAppId = appId, AccountId = accountId });
            try
            {
                await db.SaveChangesAsync(ct);
                return GrantOutcome.Granted;
            }
            catch (DbUpdateException)
            {
                // Granted at the same moment (a double click), or the account or the app deleted since: ask again below.
            }
        }
        await using var again = await dbFactory.CreateDbContextAsync(ct);
        return await WhyNotAsync(again, appId, accountId, ct) ?? throw new InvalidOperationException("The grant was refused for no known reason.");
    }

    public async Task GrantUserAsync(int appId, string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.PlatformAppUsers.AnyAsync(g => g.PlatformAppId == appId && g.UserId == userId, ct)) return;
        db.PlatformAppUsers.Add(new PlatformAppUser { PlatformAppId = appId, UserId = userId });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The app no longer reaches the account, on the next request of its token; false when it did not.</summary>
    public async Task<bool> RevokeAccountAsync(int appId, int accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var revoked = await db.PlatformGrantsOf(accountId).Where(g => g.PlatformAppId == appId).ExecuteDeleteAsync(ct) > 0;
        cache.ForgetApp(appId); // its token stops reaching the account at the next request here
        return revoked;
    }

    private static async Task<GrantOutcome?> WhyNotAsync(AppDbContext db, int appId, int accountId, CancellationToken ct) =>
        await db.PlatformGrantsOf(accountId).AnyAsync(g => g.PlatformAppId == appId, ct) ? GrantOutcome.AlreadyGranted
        : !await db.Accounts.AnyAsync(a => a.Id == accountId, ct) ? GrantOutcome.NoSuchAccount
        : !await db.PlatformApps.AnyAsync(a => a.Id == appId, ct) ? GrantOutcome.NoSuchApp
        : null;
}
