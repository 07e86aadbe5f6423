using System.Net;
using Dashboard.Accounts;
using Dashboard.Api;
using Dashboard.Dispatch;
using Dashboard.Events;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Security;

/// <summary>
/// Another tenant's ids in every page address, an agent on admin pages, a member removed while holding a token: no data of
/// the account appears and nothing changes. (Every API route with a foreign token is in Api/ApiAccessTests.)
/// </summary>
public sealed class TenantIsolationTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private const string SecretUrl = "http://127.0.0.1:9/victims-private-hook";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_administrator_of_another_account_sees_no_page_of_this_one()
    {
        var (victim, webhookId, deliveryId) = await VictimAsync();
        var (_, email, password, _) = await app.CreateAccountAsync("Intruder Co");

        await AssertEveryPageShowsNothingAsync(email, password, victim, webhookId, deliveryId);
    }

    [Fact]
    public async Task An_agent_sees_no_administrator_page_of_their_own_account()
    {
        var (victim, webhookId, deliveryId) = await VictimAsync();
        var (email, password) = await AddMemberAsync(victim, AccountRole.Agent);

        await AssertEveryPageShowsNothingAsync(email, password, victim, webhookId, deliveryId);
    }

    [Fact]
    public async Task A_member_removed_from_the_account_is_refused_by_the_api_within_two_seconds()
    {
        var (victim, webhookId, _) = await VictimAsync();
        var (email, _) = await AddMemberAsync(victim, AccountRole.Administrator);
        var token = _tokens[email];
        using var client = app.CreateRealClient();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, $"/api/v1/accounts/{victim}/webhooks", token)).StatusCode);

        await using (var db = app.CreateDbContext())
        {
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct);
            await db.AccountUsers.Where(m => m.AccountId == victim && m.UserId == userId).ExecuteDeleteAsync(Ct);
        }
        // The API remembers an allowed token for a second (ApiAccessCache): the refusal may take that long, no longer.
        var since = System.Diagnostics.Stopwatch.StartNew();
        HttpResponseMessage list;
        while ((list = await client.SendAsync(HttpMethod.Get, $"/api/v1/accounts/{victim}/webhooks", token)).StatusCode == HttpStatusCode.OK
               && since.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(50, Ct);
        Assert.True(since.Elapsed <= TimeSpan.FromSeconds(2), $"the removed member was let in for {since.Elapsed.TotalSeconds:0.00} s");

        var delete = await client.SendAsync(HttpMethod.Delete, $"/api/v1/accounts/{victim}/webhooks/{webhookId}", token);
        await list.AssertErrorAsync(401, ApiAuthorization.NotMemberMessage);
        await delete.AssertErrorAsync(401, ApiAuthorization.NotMemberMessage);
        await using var check = app.CreateDbContext();
        Assert.True(await check.Webhooks.AnyAsync(w => w.Id == webhookId, Ct));
    }

    /// <summary>Signed in as this user, every page of the account says "not allowed" and shows none of its data.</summary>
    private async Task AssertEveryPageShowsNothingAsync(string email, string password, int accountId, int webhookId, Guid deliveryId)
    {
        using var client = NoRedirects();
        var session = await FormPost.SignInAsync(client, email, password);
        foreach (var page in Pages(accountId, webhookId, deliveryId))
        {
            var html = await GetHtmlAsync(client, page, session);
            Assert.Contains("data-testid=\"not-allowed\"", html);
            Assert.DoesNotContain("victims-private-hook", html);
            Assert.DoesNotContain(deliveryId.ToString(), html.Replace(page, ""));
        }
    }

    private static string[] Pages(int accountId, int webhookId, Guid deliveryId) =>
    [
        Dashboard.Components.Shared.AccountRoute.Integrations(accountId),
        Dashboard.Components.Shared.AccountRoute.Webhooks(accountId),
        Dashboard.Components.Shared.AccountRoute.Webhook(accountId, webhookId),
        Dashboard.Components.Shared.AccountRoute.Deliveries(accountId),
        Dashboard.Components.Shared.AccountRoute.Delivery(accountId, deliveryId),
    ];

    /// <summary>An account with a webhook and one recorded (failed) delivery.</summary>
    private async Task<(int AccountId, int WebhookId, Guid DeliveryId)> VictimAsync()
    {
        var (accountId, _, _, _) = await app.CreateAccountAsync("Victim " + Guid.NewGuid().ToString("N")[..6]);
        var webhook = (await app.Services.GetRequiredService<WebhookService>().CreateAsync(accountId, new(SecretUrl, "Private", ["message_created"]), Ct)).Webhook!;
        var sent = await app.Services.GetRequiredService<ManualDelivery>()
            .TestFireAsync(accountId, webhook.Id, "message_created", EventSamples.For("message_created", accountId, "Victim").ToJsonString(), Ct);
        return (accountId, webhook.Id, sent!.DeliveryId);
    }

    private async Task<(string Email, string Password)> AddMemberAsync(int accountId, AccountRole role)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>();
        var email = $"{Guid.NewGuid():N}@member.test";
        const string password = "Member-Pass-123!";
        var token = AccessTokens.Generate();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, ApiTokenHash = AccessTokens.Hash(token) };
        Assert.True((await users.CreateAsync(user, password)).Succeeded);
        await using var db = app.CreateDbContext();
        db.AccountUsers.Add(new AccountUser { AccountId = accountId, UserId = user.Id, Role = role });
        await db.SaveChangesAsync(Ct);
        _tokens[email] = token;
        return (email, password);
    }

    private readonly Dictionary<string, string> _tokens = [];

    private HttpClient NoRedirects() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.ServerAddress };

    private static async Task<string> GetHtmlAsync(HttpClient client, string path, string cookie)
    {
        var response = await FormPost.GetAsync(client, path, cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }
}
