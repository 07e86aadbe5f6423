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
public sealed class AccountDirectory(
    IDbContextFactory<AppDbContext> dbFactory, ApiAccessCache apiCache, PlatformAccessCache platformCache, TimeProvider time)
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
        return new(await db.MembersOf(accountId).CountAsync(ct), await db.WebhooksOf(accountId).CountAsync(ct),
            await db.DeliveriesOf(accountId).CountAsync(ct));
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
        await db.AttemptsOf(accountId).ExecuteDeleteAsync(ct);
        await db.DeliveriesOf(accountId).ExecuteDeleteAsync(ct);
        await db.ChatIdsOf(accountId).ExecuteDeleteAsync(ct);
        await db.EventsOf(accountId).ExecuteDeleteAsync(ct);
        await db.HourlyStatsOf(accountId).ExecuteDeleteAsync(ct);
        await db.RecoveryRunsOf(accountId).ExecuteDeleteAsync(ct);
        await db.WebhooksOf(accountId).ExecuteDeleteAsync(ct);
        await db.MembersOf(accountId).ExecuteDeleteAsync(ct);
        await db.PlatformGrantsOf(accountId).ExecuteDeleteAsync(ct);
        var deleted = await db.Accounts.Where(a => a.Id == accountId).ExecuteDeleteAsync(ct) == 1;
        await transaction.CommitAsync(ct);
        // What was remembered of its members and apps goes at once here (deletion is rare; others forget within a second).
        apiCache.ForgetAll();
        platformCache.ForgetAll();
        return deleted;
    }
}
