using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Accounts;

/// <summary>
/// The one way memberships change: add a user with a role (or change their role), remove them. Whoever changes them (the
/// operator console, the Platform API, an account's own members page) comes here, so the API forgets what it remembered
/// of the user at once on this instance (<see cref="ApiAccessCache"/>); open pages follow at their next re-check.
/// </summary>
public sealed class AccountMembers(IDbContextFactory<AppDbContext> dbFactory, ApiAccessCache cache)
{
    public async Task<IReadOnlyList<AccountUser>> ListAsync(int accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.MembersOf(accountId).AsNoTracking().OrderBy(m => m.UserId).ToListAsync(ct);
    }

    /// <summary>Adds the user to the account with the role, or changes their role there. False when the account does not exist.</summary>
    public async Task<bool> SetAsync(int accountId, string userId, AccountRole role, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Accounts.AnyAsync(a => a.Id == accountId, ct)) return false;
        var member = await db.MembersOf(accountId).FirstOrDefaultAsync(m => m.UserId == userId, ct);
        if (member is null) db.AccountUsers.Add(new AccountUser { AccountId = accountId, UserId = userId, Role = role });
        else member.Role = role;
        await db.SaveChangesAsync(ct);
        cache.ForgetUser(userId); // a demotion counts at once on this instance
        return true;
    }

    /// <summary>Takes the user out of the account. False when they were not a member.</summary>
    public async Task<bool> RemoveAsync(int accountId, string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var removed = await db.MembersOf(accountId).Where(m => m.UserId == userId).ExecuteDeleteAsync(ct) > 0;
        cache.ForgetUser(userId);
        return removed;
    }
}
