using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Accounts;
using Dashboard.Api;
using Dashboard.Events;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Api;

/// <summary>
/// What the platform's real clients send and read, over real HTTP: flat bodies (its swagger's shape, which Rails wraps),
/// the token as <c>api_access_token</c> or <c>Api-Access-Token</c>, <c>GET /api</c> and <c>GET /api/v1/profile</c>.
/// </summary>
public sealed class PlatformClientShapesTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private readonly HttpClient _client = app.CreateRealClient();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string ListPath(int accountId) => $"/api/v1/accounts/{accountId}/webhooks";

    private async Task<List<Webhook>> StoredAsync(int accountId)
    {
        await using var db = app.CreateDbContext();
        return await db.Webhooks.AsNoTracking().Where(w => w.AccountId == accountId).OrderBy(w => w.Id).ToListAsync(Ct);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, string? json, string header)
    {
        var request = ApiCalls.Request(method, path, token: null, json);
        request.Headers.TryAddWithoutValidation(header, token);
        return _client.SendAsync(request, Ct);
    }

    [Theory]
    [InlineData("POST then PATCH")]
    [InlineData("POST then PUT")]
    public async Task Flat_bodies_create_and_update_as_wrapped_ones_do(string how)
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Flat " + how);

        var created = await _client.SendAsync(HttpMethod.Post, ListPath(accountId), token,
            """{"url":"https://flat.example/hook","name":"Flat","subscriptions":["message_created"],"id":999,"unrelated":"ignored"}""");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var webhook = (await created.ReadJsonAsync())["payload"]!["webhook"]!;
        var id = webhook["id"]!.GetValue<int>();
        Assert.NotEqual(999, id); // wrapped but not permitted, as there
        Assert.Equal(("Flat", "https://flat.example/hook"), (webhook["name"]!.GetValue<string>(), webhook["url"]!.GetValue<string>()));

        var method = how.EndsWith("PUT") ? HttpMethod.Put : HttpMethod.Patch;
        var updated = await _client.SendAsync(method, $"{ListPath(accountId)}/{id}", token, """{"name":"Flat v2","subscriptions":["contact_created"]}""");
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        var stored = Assert.Single(await StoredAsync(accountId));
        Assert.Equal(("Flat v2", "https://flat.example/hook", "contact_created"), (stored.Name, stored.Url, string.Join(",", stored.Subscriptions)));
    }

    [Fact]
    public async Task A_body_with_a_webhook_key_is_read_from_it_and_not_wrapped()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Both shapes");

        var response = await _client.SendAsync(HttpMethod.Post, ListPath(accountId), token,
            """{"webhook":{"url":"https://inner.example/hook","subscriptions":["message_created"]},"url":"https://outer.example/hook"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://inner.example/hook", Assert.Single(await StoredAsync(accountId)).Url);
    }

    [Fact]
    public async Task A_flat_invalid_body_gets_the_platforms_full_messages_and_stores_nothing()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Flat invalid");

        var response = await _client.SendAsync(HttpMethod.Post, ListPath(accountId), token, """{"url":"not a url","subscriptions":["nope"]}""");

        Assert.Equal(422, (int)response.StatusCode);
        Assert.Equal("""{"message":"Url is invalid, Subscriptions Invalid events","attributes":["url","subscriptions"]}""", await response.Content.ReadAsStringAsync(Ct));
        Assert.Empty(await StoredAsync(accountId));
    }

    [Fact]
    public async Task Without_subscriptions_a_new_webhook_gets_the_platforms_default_events_and_an_update_keeps_its_own()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Defaults");

        var created = await _client.SendAsync(HttpMethod.Post, ListPath(accountId), token, """{"url":"https://defaults.example/hook"}""");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = (await created.ReadJsonAsync())["payload"]!["webhook"]!["id"]!.GetValue<int>();
        Assert.Equal(WebhookRules.PlatformDefaultSubscriptions, Assert.Single(await StoredAsync(accountId)).Subscriptions);
        Assert.All(WebhookRules.PlatformDefaultSubscriptions, e => Assert.True(EventCatalog.IsKnown(e), e));

        await _client.SendAsync(HttpMethod.Patch, $"{ListPath(accountId)}/{id}", token, """{"subscriptions":["message_created"]}""");
        var renamed = await _client.SendAsync(HttpMethod.Patch, $"{ListPath(accountId)}/{id}", token, """{"name":"Renamed"}""");

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(["message_created"], Assert.Single(await StoredAsync(accountId)).Subscriptions);
    }

    [Fact]
    public async Task The_taken_url_message_is_the_platforms()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Taken");
        await _client.SendAsync(HttpMethod.Post, ListPath(accountId), token, """{"url":"https://taken.example/hook"}""");

        var again = await _client.SendAsync(HttpMethod.Post, ListPath(accountId), token, """{"url":"https://taken.example/hook"}""");

        Assert.Equal("""{"message":"Url has already been taken","attributes":["url"]}""", await again.Content.ReadAsStringAsync(Ct));
        Assert.Single(await StoredAsync(accountId));
    }

    [Theory]
    [InlineData("api_access_token")]
    [InlineData("Api-Access-Token")]
    [InlineData("API-ACCESS-TOKEN")]
    public async Task Either_header_spelling_carries_the_token_for_webhooks_events_and_the_profile(string header)
    {
        var (accountId, email, _, token) = await app.CreateAccountAsync("Header " + header.Replace("_", "").Replace("-", ""));

        var created = await SendAsync(HttpMethod.Post, ListPath(accountId), token, """{"url":"https://header.example/hook","subscriptions":["message_created"]}""", header);
        var listed = await SendAsync(HttpMethod.Get, ListPath(accountId), token, null, header);
        var posted = await SendAsync(HttpMethod.Post, $"/api/v1/accounts/{accountId}/events", token,
            EventSamples.For("message_created", accountId, "Header").ToJsonString(), header);
        var profile = await SendAsync(HttpMethod.Get, ProfileApi.Path, token, null, header);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Single((await listed.ReadJsonAsync())["payload"]!["webhooks"]!.AsArray());
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal(email, (await profile.ReadJsonAsync())["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_token_in_the_hyphenated_spelling_is_refused_like_the_other()
    {
        var (accountId, _, _, _) = await app.CreateAccountAsync("Hyphen wrong");

        var response = await SendAsync(HttpMethod.Post, ListPath(accountId), AccessTokens.Generate(), """{"url":"https://x.example/h"}""", "Api-Access-Token");

        Assert.Equal("""{"error":"Invalid Access Token"}""", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(401, (int)response.StatusCode);
        Assert.Empty(await StoredAsync(accountId));
    }

    [Theory]
    [InlineData("/api/v1/accounts/1/webhooks")]
    [InlineData("/api/v1/accounts/1/events")]
    [InlineData(ProfileApi.Path)]
    public async Task No_token_is_the_platforms_exact_401_with_the_hint_in_WWW_Authenticate(string path)
    {
        var response = await _client.SendAsync(path.EndsWith("events") ? HttpMethod.Post : HttpMethod.Get, path, token: null, path.EndsWith("events") ? "{}" : null);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("""{"error":"Invalid Access Token"}""", await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Api-Access-Token", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Api_root_answers_the_platforms_status_shape_without_a_token()
    {
        var response = await _client.GetAsync("/api", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(["data_services", "queue_services", "timestamp", "version"], body.Select(p => p.Key).Order());
        Assert.Equal(ApiStatus.Version, body["version"]!.GetValue<string>());
        Assert.Matches(@"^\d+\.\d+\.\d+$", body["version"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", body["timestamp"]!.GetValue<string>());
        Assert.Equal(("ok", "ok"), (body["queue_services"]!.GetValue<string>(), body["data_services"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Profile_is_the_token_owners_in_the_platforms_shape_with_every_account()
    {
        var (accountId, email, _, token) = await app.CreateAccountAsync("Profile Home");
        var (otherId, _, _, _) = await app.CreateAccountAsync("Profile Other");
        await using (var db = app.CreateDbContext())
        {
            var userId = await db.AccountUsers.Where(m => m.AccountId == accountId).Select(m => m.UserId).SingleAsync(Ct);
            db.AccountUsers.Add(new AccountUser { AccountId = otherId, UserId = userId, Role = AccountRole.Agent });
            await db.SaveChangesAsync(Ct);
        }

        var response = await _client.SendAsync(HttpMethod.Get, ProfileApi.Path, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var profile = await response.ReadJsonAsync();
        foreach (var key in new[] { "id", "name", "email", "account_id", "role", "accounts", "access_token", "available_name", "display_name", "confirmed", "avatar_url", "uid" })
            Assert.True(profile.ContainsKey(key), key);
        Assert.Equal((email, accountId, "administrator", token), (profile["email"]!.GetValue<string>(), profile["account_id"]!.GetValue<int>(), profile["role"]!.GetValue<string>(), profile["access_token"]!.GetValue<string>()));
        var accounts = profile["accounts"]!.AsArray().Select(a => (a!["id"]!.GetValue<int>(), a["name"]!.GetValue<string>(), a["role"]!.GetValue<string>()));
        Assert.Equal([(accountId, "Profile Home", "administrator"), (otherId, "Profile Other", "agent")], accounts);
    }

    [Fact]
    public async Task An_agent_reads_their_profile_and_still_cannot_manage_webhooks()
    {
        var (accountId, email, _, token) = await app.CreateAccountAsync("Agent profile", AccountRole.Agent);

        var profile = await (await _client.SendAsync(HttpMethod.Get, ProfileApi.Path, token)).ReadJsonAsync();
        var webhooks = await _client.SendAsync(HttpMethod.Get, ListPath(accountId), token);

        Assert.Equal((email, "agent"), (profile["email"]!.GetValue<string>(), profile["role"]!.GetValue<string>()));
        await webhooks.AssertErrorAsync(401, ApiAuthorization.NotAdministratorMessage);
    }

    [Fact]
    public async Task A_wrong_token_reads_no_profile()
    {
        var response = await _client.SendAsync(HttpMethod.Get, ProfileApi.Path, AccessTokens.Generate());

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("""{"error":"Invalid Access Token"}""", await response.Content.ReadAsStringAsync(Ct));
    }
}
