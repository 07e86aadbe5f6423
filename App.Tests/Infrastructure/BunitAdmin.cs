using System.Security.Claims;
using Bunit;
using Dashboard.Accounts;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Infrastructure;

/// <summary>Signs a bunit context in as a real administrator of an account, so page actions pass the real <see cref="AdminActionGuard"/>.</summary>
public static class BunitAdmin
{
    public static async Task<string> SignInAdministratorAsync(this BunitContext context, IDbContextFactory<AppDbContext> factory, int accountId)
    {
        await using var db = await factory.CreateDbContextAsync();
        var email = $"{Guid.NewGuid():N}@example.test";
        var user = new ApplicationUser { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant() };
        db.Users.Add(user);
        db.AccountUsers.Add(new AccountUser { AccountId = accountId, UserId = user.Id, Role = AccountRole.Administrator });
        await db.SaveChangesAsync();

        context.Services.AddScoped<AdminActionGuard>();
        var auth = context.AddAuthorization();
        auth.SetAuthorized(email);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id));
        context.UseRealAccessPolicies();
        return user.Id;
    }

    /// <summary>Turns the user into an agent, as an owner would in the database, while the component stays rendered.</summary>
    public static async Task DemoteAsync(IDbContextFactory<AppDbContext> factory, int accountId, string userId)
    {
        await using var db = await factory.CreateDbContextAsync();
        await db.AccountUsers.Where(m => m.AccountId == accountId && m.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, AccountRole.Agent));
    }
}
