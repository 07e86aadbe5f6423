using Dashboard.Accounts;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Platform;

/// <summary>An account in the operator's list.</summary>
public sealed record AccountRow(int Id, string Name, DateTime CreatedAt, int Members, int Webhooks);

/// <summary>One page of the list, and how many match in all.</summary>
public sealed record AccountPage(IReadOnlyList<AccountRow> Rows, int Total);

/// <summary>What deleting an account takes with it, to say so before.</summary>
public sealed record AccountContents(int Members, int Webhooks, int Deliveries);

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

    /// <summary>Accounts whose name contains <paramref name="term"/> (or whose id it is), by id, one page at a time.</summary>
    public async Task<AccountPage> SearchAsync(string? term, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Matching(db.Accounts.AsNoTracking(), term);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(a => a.Id).Skip(skip).Take(take)
            .Select(a => new AccountRow(a.Id, a.Name, a.CreatedAt,
                db.AccountUsers.Count(m => m.AccountId == a.Id), db.Webhooks.Count(w => w.AccountId == a.Id)))
            .ToListAsync(ct);
        return new(rows, total);
    }

    /// <summary>
    /// What an operator's search for accounts means wherever it is offered (the account list, a platform app's accounts):
    /// the name contains the term, ignoring case, or the term is the id.
    /// </summary>
    public static IQueryable<Account> Matching(IQueryable<Account> accounts, string? term)
    {
        if (string.IsNullOrWhiteSpace(term)) return accounts;
        var text = term.Trim().ToLower();
        var id = int.TryParse(text, out var n) ? n : -1;
        return accounts.Where(a => a.Name.ToLower().Contains(text) || a.Id == id);
    }

    public async Task<AccountContents> ContentsAsync(int accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return new(await db.AccountUsers.CountAsync(m => m.AccountId == accountId, ct), await db.Webhooks.CountAsync(w => w.AccountId == accountId, ct),
            await db.Deliveries.CountAsync(d => d.AccountId == accountId, ct));
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
