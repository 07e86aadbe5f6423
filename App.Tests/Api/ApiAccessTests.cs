using Dashboard.Api;
using System.Net;
using Dashboard.Accounts;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Api;

/// <summary>
/// Who may use <c>/api/v1/accounts/{id}</c>: only administrators of that account, by their token; everyone else gets the
/// chat platform's refusal (401 <c>{"error": "…"}</c> with its texts) and no data.
/// </summary>
public sealed class ApiAccessTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private readonly HttpClient _client = app.CreateRealClient();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string SecretUrl = "https://victim.example/private-hook";
    private const string NewWebhook = """{"webhook":{"url":"https://attacker.example/hook","subscriptions":["message_created"]}}""";
    private const string AnEvent = """{"event":"message_created","id":1,"content":"Hi"}""";

    /// <summary>Every API operation on account <paramref name="accountId"/> (webhook <paramref name="webhookId"/>).</summary>
    private static (HttpMethod Method, string Path, string? Body)[] Operations(int accountId, int webhookId) =>
    [
        (HttpMethod.Get, $"/api/v1/accounts/{accountId}/webhooks", null),
        (HttpMethod.Post, $"/api/v1/accounts/{accountId}/webhooks", NewWebhook),
        (HttpMethod.Patch, $"/api/v1/accounts/{accountId}/webhooks/{webhookId}", """{"webhook":{"url":"https://attacker.example/x"}}"""),
        (HttpMethod.Put, $"/api/v1/accounts/{accountId}/webhooks/{webhookId}", """{"webhook":{"url":"https://attacker.example/y"}}"""),
        (HttpMethod.Delete, $"/api/v1/accounts/{accountId}/webhooks/{webhookId}", null),
        (HttpMethod.Post, $"/api/v1/accounts/{accountId}/events", AnEvent),
    ];

    private async Task<(int AccountId, int WebhookId)> VictimAsync(string name)
    {
        var (accountId, _, _, _) = await app.CreateAccountAsync(name);
        var saved = await app.Services.GetRequiredService<WebhookService>().CreateAsync(accountId, new(SecretUrl, "Private", ["message_created"]), Ct);
        return (accountId, saved.Webhook!.Id);
    }

    /// <summary>The token of a new user who is a member of <paramref name="accountId"/> with the agent role only.</summary>
    private async Task<string> AgentOfAsync(int accountId)
    {
        var (agentAccountId, _, _, agentToken) = await app.CreateAccountAsync($"Agent home {Guid.NewGuid():N}", AccountRole.Agent);
        await using var db = app.CreateDbContext();
        var agentId = await db.AccountUsers.Where(m => m.AccountId == agentAccountId).Select(m => m.UserId).SingleAsync(Ct);
        db.AccountUsers.Add(new AccountUser { AccountId = accountId, UserId = agentId, Role = AccountRole.Agent });
        await db.SaveChangesAsync(Ct);
        return agentToken;
    }

    private async Task AssertUntouchedAsync(int accountId, int webhookId)
    {
        await using var db = app.CreateDbContext();
        var webhook = await db.Webhooks.AsNoTracking().SingleAsync(w => w.AccountId == accountId, Ct);
        Assert.Equal((webhookId, SecretUrl, "Private"), (webhook.Id, webhook.Url, webhook.Name));
        Assert.Equal(0, await db.Events.CountAsync(e => e.AccountId == accountId, Ct));
        Assert.False(await db.Webhooks.AnyAsync(w => w.Url.Contains("attacker"), Ct));
    }

    private async Task AssertAllRefusedAsync(int accountId, int webhookId, string? token, int status, string message)
    {
        foreach (var (method, path, body) in Operations(accountId, webhookId))
        {
            var response = await _client.SendAsync(method, path, token, body);
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.DoesNotContain("victim.example", text);
            Assert.DoesNotContain("whsec_", text);
            await response.AssertErrorAsync(status, message);
        }
        await AssertUntouchedAsync(accountId, webhookId);
    }

    [Fact]
    public void Every_token_route_is_authorised_by_a_policy_over_the_token_scheme_alone()
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } path && (path.StartsWith("/api/v1/accounts/{", StringComparison.Ordinal)
                        || path.StartsWith("/platform/api/v1", StringComparison.Ordinal) || path == "/api/v1/profile"))
            .ToList();
        Assert.NotEmpty(routes);
        foreach (var route in routes)
        {
            var rules = route.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var expected = route.RoutePattern.RawText!.StartsWith("/platform", StringComparison.Ordinal) ? ApiAuthorization.PlatformApp
                : route.RoutePattern.RawText == "/api/v1/profile" ? ApiAuthorization.TokenUser : AccessPolicies.AccountAdministrator;
            Assert.Contains(rules, r => r.Policy == expected && r.AuthenticationSchemes == AccessPolicies.ApiTokenScheme);
            Assert.NotNull(route.Metadata.GetMetadata<ApiRefusalWords>());
        }
    }

    [Fact]
    public async Task Missing_token_gets_401_and_changes_nothing()
    {
        var (accountId, webhookId) = await VictimAsync("No Token");
        await AssertAllRefusedAsync(accountId, webhookId, null, 401, ApiAuthorization.InvalidTokenMessage);
    }

    [Fact]
    public async Task Wrong_token_gets_401_and_changes_nothing()
    {
        var (accountId, webhookId) = await VictimAsync("Wrong Token");
        await AssertAllRefusedAsync(accountId, webhookId, AccessTokens.Generate(), 401, ApiAuthorization.InvalidTokenMessage);
    }

    [Fact]
    public async Task Administrator_of_another_account_gets_401_not_authorized_for_this_account_and_changes_nothing()
    {
        var (accountId, webhookId) = await VictimAsync("Victim");
        var (_, _, _, otherToken) = await app.CreateAccountAsync("Intruder");
        await AssertAllRefusedAsync(accountId, webhookId, otherToken, 401, ApiAuthorization.NotMemberMessage);
    }

    [Fact]
    public async Task Agent_of_the_account_gets_401_not_authorized_for_this_action_and_changes_nothing()
    {
        var (accountId, webhookId) = await VictimAsync("Agents Here");
        var agentToken = await AgentOfAsync(accountId);
        await AssertAllRefusedAsync(accountId, webhookId, agentToken, 401, ApiAuthorization.NotAdministratorMessage);
    }

    [Fact]
    public async Task Unknown_account_reads_like_an_account_of_someone_else()
    {
        var response = await _client.SendAsync(HttpMethod.Get, "/api/v1/accounts/987654/webhooks", DashboardFactory.AdminApiToken);
        await response.AssertErrorAsync(401, ApiAuthorization.NotMemberMessage);
    }

    [Theory]
    [InlineData("wrong token", "Invalid Access Token")]
    [InlineData("another account", "You are not authorized to access this account")]
    [InlineData("agent", "You are not authorized to do this action")]
    public async Task Refusals_are_the_chat_platforms_exact_401_answers(string who, string error)
    {
        var (accountId, _) = await VictimAsync("Exact " + who);
        var token = who switch
        {
            "wrong token" => AccessTokens.Generate(),
            "another account" => (await app.CreateAccountAsync("Exact other " + who)).ApiToken,
            _ => await AgentOfAsync(accountId),
        };

        var response = await _client.SendAsync(HttpMethod.Get, $"/api/v1/accounts/{accountId}/webhooks", token);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal($$"""{"error":"{{error}}"}""", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Demo_admin_token_from_settings_reaches_the_demo_account()
    {
        var response = await _client.SendAsync(HttpMethod.Get, $"/api/v1/accounts/{await app.DemoAccountIdAsync()}/webhooks", DashboardFactory.AdminApiToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await response.ReadJsonAsync())["payload"]?["webhooks"]);
    }

    [Theory]
    [InlineData("GET", "/api/v1/nothing-here", 404)]
    [InlineData("GET", "/api/v1/accounts/not-a-number/webhooks", 404)]
    [InlineData("PUT", "/api/v1/accounts/1/webhooks", 405)]
    [InlineData("GET", "/api/v1/accounts/1/events", 405)]
    [InlineData("DELETE", "/api/v1/nothing-here", 404)]
    public async Task Unmatched_api_requests_get_json_not_the_html_page(string method, string path, int status)
    {
        var response = await _client.SendAsync(new HttpMethod(method), path, DashboardFactory.AdminApiToken);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.ReadJsonAsync())["error"]?.GetValue<string>()));
    }

    [Theory]
    [InlineData("GET", "/api/v1/accounts/1/events", "POST")]
    [InlineData("PUT", "/api/v1/accounts/1/webhooks", "GET, POST")]
    public async Task A_wrong_method_on_an_api_path_is_405_naming_the_allowed_ones(string method, string path, string allow)
    {
        var response = await _client.SendAsync(new HttpMethod(method), path, DashboardFactory.AdminApiToken);

        await response.AssertErrorAsync(405, "This method is not allowed here.");
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
    }

    [Fact]
    public async Task Pages_outside_the_api_keep_the_html_not_found_page()
    {
        var response = await _client.GetAsync("/no-such-page", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
