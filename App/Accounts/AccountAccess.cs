using System.Security.Claims;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Accounts;

/// <summary>A user's place in one account.</summary>
public sealed record Membership(int AccountId, string AccountName, AccountRole Role)
{
    public bool IsAdministrator => Role == AccountRole.Administrator;
}

/// <summary>Why a user may not manage an account, or <see cref="None"/> when they may.</summary>
public enum AdminRefusal
{
    None,
    NotMember,
    NotAdministrator,
}

/// <summary>The answer to "may this user manage this account now", with the membership when they may.</summary>
public sealed record AdminDecision(Membership? Membership, AdminRefusal Refusal)
{
    public bool Allowed => Refusal == AdminRefusal.None;
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
        return await db.MembersOf(accountId).AsNoTracking()
            .Where(m => m.UserId == userId)
            .Select(m => new Membership(m.AccountId, m.Account!.Name, m.Role))
            .FirstOrDefaultAsync(ct);
    }

    public Task<Membership?> FindAsync(ClaimsPrincipal user, int accountId, CancellationToken ct = default) =>
        FindAsync(UserId(user), accountId, ct);

    /// <summary>
    /// The one rule for managing an account (webhooks, deliveries, the API): the user is an administrator of it
    /// right now. Read fresh each time, so a demotion or removal counts from the next click; the API remembers an allowed
    /// answer for a second (<see cref="ApiAdminCheck"/>), so there it counts within a second.
    /// </summary>
    public async Task<AdminDecision> CheckAdministratorAsync(string? userId, int accountId, CancellationToken ct = default)
    {
        var membership = await FindAsync(userId, accountId, ct);
        if (membership is null) return new(null, AdminRefusal.NotMember);
        return membership.IsAdministrator ? new(membership, AdminRefusal.None) : new(membership, AdminRefusal.NotAdministrator);
    }
}
