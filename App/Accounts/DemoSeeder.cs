using System.Security.Cryptography;
using System.Text.Json;
using Dashboard.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Accounts;

/// <summary>Creates the demo account and its two users on first start; later starts keep the data.</summary>
public sealed class DemoSeeder(
    AppDbContext db,
    UserManager<ApplicationUser> users,
    IOptions<DemoOptions> options,
    IConfiguration configuration,
    IHostEnvironment environment,
    TimeProvider time)
{
    public sealed record Credentials(string AdminEmail, string AdminPassword, string AgentEmail, string AgentPassword, string? AdminApiToken);

    public async Task<Credentials> SeedAsync(CancellationToken ct = default)
    {
        // Instances starting together on one database seed in turn, so the later ones find the demo data and add nothing.
        // The user manager saves through this same scoped context, so its writes are part of this transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ExclusiveJob.LockAsync(db, ExclusiveJob.Seeding, ct);
        var demo = options.Value;
        var stored = await LoadStoredPasswordsAsync(ct);
        var adminPassword = demo.AdminPassword ?? stored.GetValueOrDefault("admin") ?? NewPassword();
        var agentPassword = demo.AgentPassword ?? stored.GetValueOrDefault("agent") ?? NewPassword();
        if (demo.AdminPassword is null || demo.AgentPassword is null)
            await StorePasswordsAsync(new() { ["admin"] = adminPassword, ["agent"] = agentPassword }, ct);

        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Name == demo.AccountName, ct);
        if (account is null)
        {
            account = new Account { Name = demo.AccountName, CreatedAt = time.GetUtcNow().UtcDateTime };
            db.Accounts.Add(account);
            await db.SaveChangesAsync(ct);
        }

        var (admin, adminKnown) = await EnsureUserAsync(demo.AdminEmail, adminPassword, demo.AdminPassword is not null, account.Id, AccountRole.Administrator, ct);
        var (_, agentKnown) = await EnsureUserAsync(demo.AgentEmail, agentPassword, demo.AgentPassword is not null, account.Id, AccountRole.Agent, ct);

        if (!string.IsNullOrWhiteSpace(demo.AdminApiToken))
        {
            admin.ApiTokenHash = AccessTokens.Hash(demo.AdminApiToken);
            admin.ApiTokenCreatedAt ??= time.GetUtcNow().UtcDateTime;
            await users.UpdateAsync(admin);
        }

        await transaction.CommitAsync(ct);
        return new(demo.AdminEmail, adminKnown ? adminPassword : Unchanged, demo.AgentEmail, agentKnown ? agentPassword : Unchanged, demo.AdminApiToken);
    }

    private const string Unchanged = "(kept as an earlier start set it, maybe on another instance; set Demo:AdminPassword / Demo:AgentPassword to choose)";

    /// <summary>The user, and whether <paramref name="password"/> is now its password.</summary>
    private async Task<(ApplicationUser User, bool PasswordKnown)> EnsureUserAsync(string email, string password, bool configured, int accountId, AccountRole role, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email);
        var known = true;
        if (user is null)
        {
            user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
            Check(await users.CreateAsync(user, password));
        }
        else if (!await users.CheckPasswordAsync(user, password))
        {
            // A configured password wins over whatever an earlier start set; one made up here never replaces one another
            // instance (sharing the database, not this folder) set and printed.
            if (configured)
            {
                Check(await users.RemovePasswordAsync(user));
                Check(await users.AddPasswordAsync(user, password));
            }
            else known = false;
        }

        if (!await db.MembersOf(accountId).AnyAsync(m => m.UserId == user.Id, ct))
        {
            db.AccountUsers.Add(new AccountUser { AccountId = accountId, UserId = user.Id, Role = role });
            await db.SaveChangesAsync(ct);
        }
        return (user, known);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException("Demo user: " + string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    private static string NewPassword() => "Demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) + "-A1!";

    private string PasswordFile =>
        Path.Combine(Path.GetDirectoryName(DataSetup.DatabasePath(configuration, environment))!, "demo-credentials.json");

    private async Task<Dictionary<string, string>> LoadStoredPasswordsAsync(CancellationToken ct) =>
        File.Exists(PasswordFile)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(PasswordFile, ct)) ?? []
            : [];

    private Task StorePasswordsAsync(Dictionary<string, string> passwords, CancellationToken ct) =>
        File.WriteAllTextAsync(PasswordFile, JsonSerializer.Serialize(passwords), ct);
}
