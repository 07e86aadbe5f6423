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

        var admin = await EnsureUserAsync(demo.AdminEmail, adminPassword, account.Id, AccountRole.Administrator, ct);
        await EnsureUserAsync(demo.AgentEmail, agentPassword, account.Id, AccountRole.Agent, ct);

        if (!string.IsNullOrWhiteSpace(demo.AdminApiToken))
        {
            admin.ApiTokenHash = AccessTokens.Hash(demo.AdminApiToken);
            admin.ApiTokenCreatedAt ??= time.GetUtcNow().UtcDateTime;
            await users.UpdateAsync(admin);
        }

        return new(demo.AdminEmail, adminPassword, demo.AgentEmail, agentPassword, demo.AdminApiToken);
    }

    private async Task<ApplicationUser> EnsureUserAsync(string email, string password, int accountId, AccountRole role, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
            Check(await users.CreateAsync(user, password));
        }
        else if (!await users.CheckPasswordAsync(user, password))
        {
            // The configured password wins over whatever an earlier start set.
            Check(await users.RemovePasswordAsync(user));
            Check(await users.AddPasswordAsync(user, password));
        }

        if (!await db.AccountUsers.AnyAsync(m => m.AccountId == accountId && m.UserId == user.Id, ct))
        {
            db.AccountUsers.Add(new AccountUser { AccountId = accountId, UserId = user.Id, Role = role });
            await db.SaveChangesAsync(ct);
        }
        return user;
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
