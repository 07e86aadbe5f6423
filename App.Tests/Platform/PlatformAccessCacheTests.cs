using System.Diagnostics;
using System.Net;
using Dashboard.Accounts;
using Dashboard.Platform;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Platform;

/// <summary>
/// A platform's one key for every account's events is looked up about once a second, not once a request
/// (<see cref="PlatformAccessCache"/>), yet a revoked app, an ended grace, a revoked grant or a deleted account stops it at
/// the next request on this instance.
/// </summary>
public sealed class PlatformAccessCacheTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private readonly HttpClient _client = app.CreateRealClient();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string WebhooksPath(int accountId) => $"/api/v1/accounts/{accountId}/webhooks";

    private async Task<(int AppId, int AccountId, string Token)> AppWithAccountAsync(string name)
    {
        var (platformApp, token) = await app.Services.GetRequiredService<PlatformApps>().CreateAsync(name, Ct);
        var account = await app.Services.GetRequiredService<AccountDirectory>().CreateAsync($"{name} account", null, Ct);
        await app.Services.GetRequiredService<PlatformGrants>().GrantAccountAsync(platformApp.Id, account.Id, Ct);
        return (platformApp.Id, account.Id, token);
    }

    private async Task<HttpStatusCode> StatusAsync(int accountId, string token) =>
        (await _client.SendAsync(HttpMethod.Get, WebhooksPath(accountId), token)).StatusCode;

    [Fact]
    public async Task Repeated_requests_with_one_platform_token_look_it_up_about_once_a_second()
    {
        var (_, accountId, token) = await AppWithAccountAsync("Busy platform");
        using var commands = new DbCommandCounter(AccessTokens.Hash(token));
        const int requests = 40;

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < requests; i++) Assert.Equal(HttpStatusCode.OK, await StatusAsync(accountId, token));

        var bound = Math.Min((int)Math.Ceiling(clock.Elapsed.TotalSeconds) + 1, requests - 1);
        Assert.InRange(commands.With(AccessTokens.Hash(token)), 1, bound);
    }

    [Fact]
    public async Task A_revoked_app_is_refused_at_the_next_request()
    {
        var (appId, accountId, token) = await AppWithAccountAsync("Revoked platform");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(accountId, token));

        await app.Services.GetRequiredService<PlatformApps>().RevokeAsync(appId, Ct);

        await (await _client.SendAsync(HttpMethod.Get, WebhooksPath(accountId), token)).AssertErrorAsync(401, "Invalid Access Token");
    }

    [Fact]
    public async Task A_token_whose_grace_ended_is_refused_at_the_next_request_and_the_new_one_works()
    {
        var (appId, accountId, old) = await AppWithAccountAsync("Rotating platform");
        var apps = app.Services.GetRequiredService<PlatformApps>();
        var fresh = (await apps.RegenerateAsync(appId, TimeSpan.FromHours(1), Ct))!;
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(accountId, old));

        await apps.EndGraceAsync(appId, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(accountId, old));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(accountId, fresh));
    }

    [Fact]
    public async Task A_deleted_account_is_refused_at_the_next_request()
    {
        var (_, accountId, token) = await AppWithAccountAsync("Deleting platform");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(accountId, token));

        await app.Services.GetRequiredService<AccountDirectory>().DeleteAsync(accountId, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(accountId, token));
    }
}
