using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Accounts;

/// <summary>
/// The one rule for the operator console: the user holds the operator role right now. Read fresh each time (the console
/// asks on open and again before every action), so an unmade operator loses the console at their next click.
/// </summary>
public sealed class InstallationAccess(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<bool> IsOperatorAsync(string? userId, CancellationToken ct = default)
    {
        if (userId is null) return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.UserRoles.AnyAsync(ur => ur.UserId == userId
            && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == InstallationRoles.Operator.ToUpperInvariant()), ct);
    }
}
