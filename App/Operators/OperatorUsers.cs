using System.ComponentModel.DataAnnotations;
using Dashboard.Accounts;
using Dashboard.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Operators;

/// <summary>A user in the operator's list.</summary>
public sealed record UserRow(string Id, string Email, string? Name, bool Operator, bool Locked, int Accounts);

public sealed record UserPage(IReadOnlyList<UserRow> Rows, int Total);

/// <summary>
/// The people of the installation, as an operator manages them: found by email or name, made (with a set-password link
/// to hand over), locked (their sessions end), made or unmade operators (never the last one), and their memberships.
/// </summary>
public sealed class OperatorUsers(
    IDbContextFactory<AppDbContext> dbFactory, UserManager<ApplicationUser> users, OneTimeLinks links, PublicAddress address,
    ApiAccessCache apiCache, TimeProvider time)
{
    public const string LastOperatorMessage = "This is the last operator: make someone else an operator first.";

    public async Task<UserPage> SearchAsync(string? term, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var operatorRole = await OperatorRoleIdAsync(db, ct);
        var now = time.GetUtcNow();
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(term))
        {
            var text = term.Trim().ToLower();
            query = query.Where(u => (u.Email != null && u.Email.ToLower().Contains(text)) || (u.Name != null && u.Name.ToLower().Contains(text)));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(u => u.Email).Skip(skip).Take(take)
            .Select(u => new
            {
                u.Id, u.Email, u.Name, u.LockoutEnd,
                Operator = db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == operatorRole),
                Accounts = db.AccountUsers.Count(m => m.UserId == u.Id),
            })
            .ToListAsync(ct);
        return new(rows.Select(u => new UserRow(u.Id, u.Email ?? "", u.Name, u.Operator, u.LockoutEnd > now, u.Accounts)).ToList(), total);
    }

    /// <summary>A new user and a set-password link to hand over (the console, the command line); or why not.</summary>
    public async Task<(ApplicationUser? User, string? Link, string? Problem)> CreateAsync(string email, string? name)
    {
        email = email.Trim();
        if (!new EmailAddressAttribute().IsValid(email) || email.Length > 256) return (null, null, "Enter an email address.");
        if (await users.FindByEmailAsync(email) is not null) return (null, null, "A user with this email already exists.");
        var user = new ApplicationUser { UserName = email, Email = email, Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim() };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded) return (null, null, string.Join(" ", created.Errors.Select(e => e.Description)));
        var secret = await links.IssueAsync(user.Id, LinkPurpose.SetPassword);
        return (user, SetPasswordLinks.For(address, user.Id, secret), null);
    }

    /// <summary>A new set-password link for an existing user (the previous one stops working).</summary>
    public async Task<string> NewSetPasswordLinkAsync(string userId) =>
        SetPasswordLinks.For(address, userId, await links.IssueAsync(userId, LinkPurpose.SetPassword));

    /// <summary>Locks (sessions end at their next check, the API token stops) or unlocks.</summary>
    public async Task<bool> SetLockedAsync(string userId, bool locked)
    {
        if (await users.FindByIdAsync(userId) is not { } user) return false;
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        if (locked) await users.UpdateSecurityStampAsync(user);
        apiCache.ForgetUser(userId);
        return true;
    }

    /// <summary>Makes or unmakes an operator; refuses to unmake the last one. Null when done, else why not.</summary>
    public async Task<string?> SetOperatorAsync(string userId, bool isOperator)
    {
        if (await users.FindByIdAsync(userId) is not { } user) return "This user no longer exists.";
        if (isOperator == await users.IsInRoleAsync(user, InstallationRoles.Operator)) return null;
        if (!isOperator && (await users.GetUsersInRoleAsync(InstallationRoles.Operator)).Count <= 1) return LastOperatorMessage;
        var result = isOperator ? await users.AddToRoleAsync(user, InstallationRoles.Operator) : await users.RemoveFromRoleAsync(user, InstallationRoles.Operator);
        return result.Succeeded ? null : string.Join(" ", result.Errors.Select(e => e.Description));
    }


    private static Task<string?> OperatorRoleIdAsync(AppDbContext db, CancellationToken ct) =>
        db.Roles.Where(r => r.NormalizedName == InstallationRoles.Operator.ToUpperInvariant()).Select(r => r.Id).FirstOrDefaultAsync(ct);
}
