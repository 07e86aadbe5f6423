using System.Net;
using Dashboard.Accounts;
using Dashboard.Api;
using Dashboard.Platform;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Platform;

/// <summary>
/// Every Platform API route, called by everyone who must not get through: another platform app (401 "Non permissible
/// resource"), a personal token of an administrator or an agent, a made-up token, no token (401 "Invalid access_token").
/// Nothing changes.
/// </summary>
public sealed class PlatformPermissionTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private readonly HttpClient _client = app.CreateRealClient();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An account and a user that belong to one app, with a membership.</summary>
    private async Task<(int AccountId, int UserNumber, string OwnerToken)> VictimAsync(string name)
    {
        var apps = app.Services.GetRequiredService<PlatformApps>();
        var (owner, token) = await apps.CreateAsync("Owner " + name, Ct);
        var account = await app.Services.GetRequiredService<AccountDirectory>().CreateAsync("Victim " + name, null, Ct);
        var (_, email, _, _) = await app.CreateAccountAsync("Victim user " + name);
        await using var db = app.CreateDbContext();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct);
        db.AccountUsers.Add(new AccountUser { AccountId = account.Id, UserId = userId, Role = AccountRole.Administrator });
        await db.SaveChangesAsync(Ct);
        var grants = app.Services.GetRequiredService<PlatformGrants>();
        await grants.GrantAccountAsync(owner.Id, account.Id, Ct);
        await grants.GrantUserAsync(owner.Id, userId, Ct);
        return (account.Id, await app.Services.GetRequiredService<UserNumbers>().NumberOfAsync(userId, Ct), token);
    }

    private static IEnumerable<(HttpMethod Method, string Path, string? Body)> Routes(int accountId, int user) =>
    [
        (HttpMethod.Get, $"/platform/api/v1/accounts/{accountId}", null),
        (HttpMethod.Patch, $"/platform/api/v1/accounts/{accountId}", """{"name":"Stolen"}"""),
        (HttpMethod.Put, $"/platform/api/v1/accounts/{accountId}", """{"name":"Stolen"}"""),
        (HttpMethod.Delete, $"/platform/api/v1/accounts/{accountId}", null),
        (HttpMethod.Get, $"/platform/api/v1/accounts/{accountId}/account_users", null),
        (HttpMethod.Post, $"/platform/api/v1/accounts/{accountId}/account_users", $$"""{"user_id":{{user}},"role":"agent"}"""),
        (HttpMethod.Delete, $"/platform/api/v1/accounts/{accountId}/account_users", $$"""{"user_id":{{user}}}"""),
        (HttpMethod.Get, $"/platform/api/v1/users/{user}", null),
        (HttpMethod.Patch, $"/platform/api/v1/users/{user}", """{"name":"Stolen"}"""),
        (HttpMethod.Delete, $"/platform/api/v1/users/{user}", null),
        (HttpMethod.Get, $"/platform/api/v1/users/{user}/login", null),
    ];

    private async Task<string> StateAsync(int accountId)
    {
        await using var db = app.CreateDbContext();
        var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == accountId, Ct);
        var members = await db.AccountUsers.AsNoTracking().Where(m => m.AccountId == accountId).Select(m => m.UserId + ":" + m.Role).ToListAsync(Ct);
        var names = await db.Users.AsNoTracking().Where(u => db.AccountUsers.Any(m => m.AccountId == accountId && m.UserId == u.Id)).Select(u => u.Name + "/" + u.Email).ToListAsync(Ct);
        var links = await db.UserTokens.CountAsync(Ct);
        return $"{account.Name}|{string.Join(",", members)}|{string.Join(",", names)}|{links}";
    }

    private async Task AssertAllRefusedAsync(string? token, int status, string message, string name)
    {
        var (accountId, user, _) = await VictimAsync(name);
        var before = await StateAsync(accountId);
        foreach (var (method, path, body) in Routes(accountId, user))
        {
            var response = await _client.SendAsync(method, path, token, body);
            Assert.True(status == (int)response.StatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
            await response.AssertErrorAsync(status, message);
        }
        Assert.Equal(before, await StateAsync(accountId));
    }

    [Fact]
    public async Task Another_platform_app_is_refused_as_non_permissible_everywhere() =>
        await AssertAllRefusedAsync((await app.Services.GetRequiredService<PlatformApps>().CreateAsync("Intruder app", Ct)).Token, 401, "Non permissible resource", "second app");

    [Fact]
    public async Task An_administrators_personal_token_is_not_a_platform_token() =>
        await AssertAllRefusedAsync((await app.CreateAccountAsync("Admin elsewhere")).ApiToken, 401, "Invalid access_token", "admin token");

    [Fact]
    public async Task An_agents_personal_token_is_not_a_platform_token() =>
        await AssertAllRefusedAsync((await app.CreateAccountAsync("Agent elsewhere", AccountRole.Agent)).ApiToken, 401, "Invalid access_token", "agent token");

    [Fact]
    public async Task A_made_up_platform_token_is_refused() =>
        await AssertAllRefusedAsync(PlatformApps.NewToken(), 401, "Invalid access_token", "made up");

    [Fact]
    public async Task No_token_is_refused() => await AssertAllRefusedAsync(null, 401, "Invalid access_token", "no token");

    [Fact]
    public async Task Creating_is_refused_without_a_platform_token_and_creates_nothing()
    {
        await using var before = app.CreateDbContext();
        var counts = (await before.Accounts.CountAsync(Ct), await before.Users.CountAsync(Ct));
        foreach (var token in new[] { null, DashboardFactory.AdminApiToken, PlatformApps.NewToken() })
        {
            await (await _client.SendAsync(HttpMethod.Post, "/platform/api/v1/accounts", token, """{"name":"Sneaky"}""")).AssertErrorAsync(401, "Invalid access_token");
            await (await _client.SendAsync(HttpMethod.Post, "/platform/api/v1/users", token, """{"name":"Sneaky","email":"sneaky@x.test"}""")).AssertErrorAsync(401, "Invalid access_token");
        }
        await using var after = app.CreateDbContext();
        Assert.Equal(counts, (await after.Accounts.CountAsync(Ct), await after.Users.CountAsync(Ct)));
    }

    [Fact]
    public async Task After_a_grant_is_revoked_the_apps_token_is_refused_on_that_account_by_both_apis_and_its_other_accounts_stay()
    {
        var (accountId, _, token) = await VictimAsync("revoked grant");
        var other = await app.Services.GetRequiredService<AccountDirectory>().CreateAsync("Still granted", null, Ct);
        var appId = (await app.Services.GetRequiredService<PlatformApps>().FindByTokenAsync(token, Ct))!.Value;
        var grants = app.Services.GetRequiredService<PlatformGrants>();
        await grants.GrantAccountAsync(appId, other.Id, Ct);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(HttpMethod.Get, $"/platform/api/v1/accounts/{accountId}", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(HttpMethod.Get, $"/api/v1/accounts/{accountId}/webhooks", token)).StatusCode);

        Assert.True(await grants.RevokeAccountAsync(appId, accountId, Ct));

        await (await _client.SendAsync(HttpMethod.Get, $"/platform/api/v1/accounts/{accountId}", token)).AssertErrorAsync(401, "Non permissible resource");
        await (await _client.SendAsync(HttpMethod.Get, $"/api/v1/accounts/{accountId}/webhooks", token)).AssertErrorAsync(401, ApiAuthorization.NotMemberMessage);
        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{accountId}/events", token, """{"event":"message_created","id":1}"""))
            .AssertErrorAsync(401, ApiAuthorization.NotMemberMessage);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(HttpMethod.Get, $"/platform/api/v1/accounts/{other.Id}", token)).StatusCode);
    }

    [Fact]
    public async Task A_regenerated_token_keeps_the_old_one_for_its_grace_and_revoking_ends_both()
    {
        var apps = app.Services.GetRequiredService<PlatformApps>();
        var (created, first) = await apps.CreateAsync("Rotating", Ct);
        var second = (await apps.RegenerateAsync(created.Id, TimeSpan.FromHours(1), Ct))!;

        Assert.Equal(created.Id, await apps.FindByTokenAsync(first, Ct));
        Assert.Equal(created.Id, await apps.FindByTokenAsync(second, Ct));
        var third = (await apps.RegenerateAsync(created.Id, TimeSpan.Zero, Ct))!;
        Assert.Null(await apps.FindByTokenAsync(first, Ct));
        Assert.Null(await apps.FindByTokenAsync(second, Ct));
        Assert.Equal(created.Id, await apps.FindByTokenAsync(third, Ct));

        await apps.RevokeAsync(created.Id, Ct);
        await (await _client.SendAsync(HttpMethod.Post, "/platform/api/v1/accounts", third, "{}")).AssertErrorAsync(401, "Invalid access_token");
        await using var db = app.CreateDbContext();
        Assert.DoesNotContain(await db.PlatformApps.Select(a => a.TokenHash).ToListAsync(Ct), h => h == third || h == second); // only hashes stored
    }
}
