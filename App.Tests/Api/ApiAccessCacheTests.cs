using System.Diagnostics;
using System.Net;
using Dashboard.Accounts;
using Dashboard.Api;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Api;

/// <summary>
/// The API remembers an allowed token for a second (<see cref="ApiAccessCache"/>): it saves the look-ups of a busy client,
/// yet a regenerated token, a removed member or a demoted administrator is refused within two seconds, and a new token
/// works at once. Changes written straight to the database stand for another instance's.
/// </summary>
public sealed class ApiAccessCacheTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);
    private readonly HttpClient _client = app.CreateRealClient();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string WebhooksPath(int accountId) => $"/api/v1/accounts/{accountId}/webhooks";

    private async Task<(int AccountId, string UserId, string Token)> AdministratorAsync(string name)
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync($"{name} {Guid.NewGuid():N}");
        await using var db = app.CreateDbContext();
        var userId = await db.AccountUsers.Where(m => m.AccountId == accountId).Select(m => m.UserId).SingleAsync(Ct);
        return (accountId, userId, token);
    }

    private async Task AssertAllowedAsync(int accountId, string token) =>
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(HttpMethod.Get, WebhooksPath(accountId), token)).StatusCode);

    /// <summary>Asks again and again until refused; returns how long that took after the change, and the last answer.</summary>
    private async Task<(TimeSpan Took, HttpResponseMessage Answer)> UntilRefusedAsync(int accountId, string token, Stopwatch sinceChange)
    {
        while (true)
        {
            var answer = await _client.SendAsync(HttpMethod.Get, WebhooksPath(accountId), token);
            if (answer.StatusCode != HttpStatusCode.OK || sinceChange.Elapsed > TimeSpan.FromSeconds(10)) return (sinceChange.Elapsed, answer);
            await Task.Delay(50, Ct);
        }
    }

    [Fact]
    public async Task A_token_regenerated_on_this_instance_is_refused_at_the_next_request_and_the_new_one_works_at_once()
    {
        var (accountId, userId, old) = await AdministratorAsync("Regenerate Here");
        await AssertAllowedAsync(accountId, old);

        var fresh = await app.Services.GetRequiredService<ApiTokenService>().RegenerateAsync(userId, Ct);

        await (await _client.SendAsync(HttpMethod.Get, WebhooksPath(accountId), old)).AssertErrorAsync(401, ApiAuthorization.InvalidTokenMessage);
        await AssertAllowedAsync(accountId, fresh);
    }

    [Fact]
    public async Task A_token_replaced_by_another_instance_is_refused_within_two_seconds()
    {
        var (accountId, userId, old) = await AdministratorAsync("Regenerate Elsewhere");
        await AssertAllowedAsync(accountId, old);

        var fresh = AccessTokens.Generate();
        await using (var db = app.CreateDbContext())
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.ApiTokenHash, AccessTokens.Hash(fresh)), Ct);
        var since = Stopwatch.StartNew();

        var (took, answer) = await UntilRefusedAsync(accountId, old, since);
        await answer.AssertErrorAsync(401, ApiAuthorization.InvalidTokenMessage);
        Assert.True(took <= Bound, $"the old token worked for {took.TotalSeconds:0.00} s");
        await AssertAllowedAsync(accountId, fresh);
    }

    [Fact]
    public async Task A_removed_member_is_refused_within_two_seconds()
    {
        var (accountId, userId, token) = await AdministratorAsync("Removed Member");
        await AssertAllowedAsync(accountId, token);

        await using (var db = app.CreateDbContext())
            await db.AccountUsers.Where(m => m.AccountId == accountId && m.UserId == userId).ExecuteDeleteAsync(Ct);
        var since = Stopwatch.StartNew();

        var (took, answer) = await UntilRefusedAsync(accountId, token, since);
        await answer.AssertErrorAsync(401, ApiAuthorization.NotMemberMessage);
        Assert.True(took <= Bound, $"the removed member was let in for {took.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task A_demoted_administrator_is_refused_within_two_seconds()
    {
        var (accountId, userId, token) = await AdministratorAsync("Demoted");
        await AssertAllowedAsync(accountId, token);

        await using (var db = app.CreateDbContext())
            await db.AccountUsers.Where(m => m.AccountId == accountId && m.UserId == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, AccountRole.Agent), Ct);
        var since = Stopwatch.StartNew();

        var (took, answer) = await UntilRefusedAsync(accountId, token, since);
        await answer.AssertErrorAsync(401, ApiAuthorization.NotAdministratorMessage);
        Assert.True(took <= Bound, $"the demoted administrator was let in for {took.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task A_refused_token_works_at_once_when_it_becomes_valid_and_a_refused_member_once_added()
    {
        var (accountId, userId, old) = await AdministratorAsync("Refusal Not Remembered");
        var (otherAccountId, _, _, _) = await app.CreateAccountAsync($"Other {Guid.NewGuid():N}");
        var next = AccessTokens.Generate();
        await (await _client.SendAsync(HttpMethod.Get, WebhooksPath(accountId), next)).AssertErrorAsync(401, ApiAuthorization.InvalidTokenMessage);
        await (await _client.SendAsync(HttpMethod.Get, WebhooksPath(otherAccountId), old)).AssertErrorAsync(401, ApiAuthorization.NotMemberMessage);

        await using (var db = app.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.ApiTokenHash, AccessTokens.Hash(next)), Ct);
            db.AccountUsers.Add(new AccountUser { AccountId = otherAccountId, UserId = userId, Role = AccountRole.Administrator });
            await db.SaveChangesAsync(Ct);
        }

        await AssertAllowedAsync(accountId, next);
        await AssertAllowedAsync(otherAccountId, next);
    }

    [Fact]
    public async Task Repeated_requests_with_one_token_look_it_and_the_membership_up_about_once_a_second()
    {
        var (accountId, userId, token) = await AdministratorAsync("Busy Client");
        using var commands = new DbCommandCounter(AccessTokens.Hash(token), userId);
        const int requests = 40;

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < requests; i++) await AssertAllowedAsync(accountId, token);
        var seconds = clock.Elapsed.TotalSeconds;

        // Uncached, every request reads both; cached, one read each per second of the run (plus the first).
        var bound = Math.Min((int)Math.Ceiling(seconds) + 1, requests - 1);
        var tokenReads = commands.With(AccessTokens.Hash(token));
        var membershipReads = commands.With(userId);
        Assert.InRange(tokenReads, 1, bound);
        Assert.InRange(membershipReads, 1, bound);
    }
}
