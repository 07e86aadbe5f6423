using Dashboard.Accounts;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Platform;

/// <summary>
/// Accounts across the installation: made, renamed and deleted by operators and platform apps. Named as cross-account on
/// purpose: every other read is scoped to one account.
/// </summary>
public sealed class AccountDirectory(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public const int MaxNameLength = 255;

    public async Task<Account> CreateAsync(string name, string? platformFields, CancellationToken ct = default)
    {
        var account = new Account { Name = name.Trim(), PlatformFields = platformFields, CreatedAt = time.GetUtcNow().UtcDateTime };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(ct);
        return account;
    }

    public async Task<Account?> FindAsync(int accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
    }

    public async Task<Account?> UpdateAsync(int accountId, string? name, string? platformFields, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null) return null;
        if (name is not null) account.Name = name.Trim();
        if (platformFields is not null) account.PlatformFields = platformFields;
        await db.SaveChangesAsync(ct);
        return account;
    }

    /// <summary>
    /// The account and everything in it, in one transaction: memberships, webhooks, events, deliveries and their attempts,
    /// stats, grants. A delivery in flight finds its row gone; its late outcome changes nothing (the lease check).
    /// </summary>
    public async Task<bool> DeleteAsync(int accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Attempts.Where(x => x.AccountId == accountId).ExecuteDeleteAsync(ct);
        await db.Deliveries.Where(x => x.AccountId == accountId).ExecuteDeleteAsync(ct);
        await db.EventChatIds.Where(x => x.AccountId == accountId).ExecuteDeleteAsync(ct);
        await db.Events.Where(x => x.AccountId == accountId).ExecuteDeleteAsync(ct);
        await db.WebhookHourlyStats.Where(x => x.AccountId == accountId).ExecuteDeleteAsync(ct);
        await db.RecoveryRuns.Where(x => x.AccountId == accountId).ExecuteDeleteAsync(ct);
        await db.Webhooks.Where(x => x.AccountId == accountId).ExecuteDeleteAsync(ct);
        await db.AccountUsers.Where(x => x.AccountId == accountId).ExecuteDeleteAsync(ct);
        await db.PlatformAppAccounts.Where(x => x.AccountId == accountId).ExecuteDeleteAsync(ct);
        var deleted = await db.Accounts.Where(a => a.Id == accountId).ExecuteDeleteAsync(ct) == 1;
        await transaction.CommitAsync(ct);
        return deleted;
    }
}
