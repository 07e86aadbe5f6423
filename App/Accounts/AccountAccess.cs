using System.Security.Claims;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Accounts;

/// <summary>A user's place in one account.</summary>
public sealed record Membership(int AccountId, string AccountName, AccountRole Role)
{
    public bool IsAdministrator => Role == AccountRole.Administrator;
}

/// <summary>Answers "which accounts may this user see, and as what": every page and API asks it first.</summary>
public sealed class AccountAccess(IDbContextFactory<AppDbContext> dbFactory)
{
    public static string? UserId(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    public async Task<IReadOnlyList<Membership>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AccountUsers.AsNoTracking()
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.AccountId)
            .Select(m => new Membership(m.AccountId, m.Account!.Name, m.Role))
            .ToListAsync(ct);
    }

    public async Task<Membership?> FindAsync(string? userId, int accountId, CancellationToken ct = default)
    {
        if (userId is null) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AccountUsers.AsNoTracking()
            .Where(m => m.UserId == userId && m.AccountId == accountId)
            .Select(m => new Membership(m.AccountId, m.Account!.Name, m.Role))
            .FirstOrDefaultAsync(ct);
    }

    public Task<Membership?> FindAsync(ClaimsPrincipal user, int accountId, CancellationToken ct = default) =>
        FindAsync(UserId(user), accountId, ct);
}
