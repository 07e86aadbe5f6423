using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Accounts;
using Dashboard.Platform;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Platform;

/// <summary>The Platform API over real HTTP, in the platform's shapes: accounts, users, memberships, sign-in links.</summary>
public sealed class PlatformApiTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private readonly HttpClient _client = app.CreateRealClient();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> NewAppTokenAsync(string name = "Acme Platform") =>
        (await app.Services.GetRequiredService<PlatformApps>().CreateAsync(name, Ct)).Token;

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, string? json = null) =>
        _client.SendAsync(method, "/platform/api/v1" + path, token, json);

    private async Task<JsonObject> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task An_app_creates_an_account_a_user_and_a_membership_and_reads_them_back_in_the_platforms_shapes()
    {
        var token = await NewAppTokenAsync();

        var account = await OkAsync(await SendAsync(HttpMethod.Post, "/accounts", token, """{"name":"Globex","locale":"fr","custom_attributes":{"plan":"pro"}}"""));
        Assert.Equal(["custom_attributes", "domain", "enabled_features", "id", "limits", "locale", "name", "status", "support_email"], account.Select(p => p.Key).Order());
        var accountId = account["id"]!.GetValue<int>();
        Assert.Equal(("Globex", "fr", "active", "pro"), (account["name"]!.GetValue<string>(), account["locale"]!.GetValue<string>(), account["status"]!.GetValue<string>(), account["custom_attributes"]!["plan"]!.GetValue<string>()));

        var renamed = await OkAsync(await SendAsync(HttpMethod.Patch, $"/accounts/{accountId}", token, """{"name":"Globex Corp"}"""));
        Assert.Equal(("Globex Corp", "fr"), (renamed["name"]!.GetValue<string>(), renamed["locale"]!.GetValue<string>()));

        var user = await OkAsync(await SendAsync(HttpMethod.Post, "/users", token, """{"name":"Hank Scorpio","email":"hank@globex.test","display_name":"Hank","custom_attributes":{"team":"a"}}"""));
        var userNumber = user["id"]!.GetValue<int>();
        Assert.Equal(("Hank Scorpio", "Hank", "hank@globex.test", "a"), (user["name"]!.GetValue<string>(), user["display_name"]!.GetValue<string>(), user["email"]!.GetValue<string>(), user["custom_attributes"]!["team"]!.GetValue<string>()));
        Assert.Empty(user["accounts"]!.AsArray());

        var member = await OkAsync(await SendAsync(HttpMethod.Post, $"/accounts/{accountId}/account_users", token, $$"""{"user_id":{{userNumber}},"role":"administrator"}"""));
        Assert.Equal((accountId, userNumber, "administrator"), (member["account_id"]!.GetValue<int>(), member["user_id"]!.GetValue<int>(), member["role"]!.GetValue<string>()));
        // Posting again changes the role, as there.
        await OkAsync(await SendAsync(HttpMethod.Post, $"/accounts/{accountId}/account_users", token, $$"""{"user_id":"{{userNumber}}","role":"agent"}"""));

        var list = await _client.SendAsync(HttpMethod.Get, $"/platform/api/v1/accounts/{accountId}/account_users", token);
        Assert.Equal($$"""[{"account_id":{{accountId}},"user_id":{{userNumber}},"role":"agent"}]""", await list.Content.ReadAsStringAsync(Ct));

        var shown = await OkAsync(await SendAsync(HttpMethod.Get, $"/users/{userNumber}", token));
        Assert.Equal((accountId, "agent"), (shown["account_id"]!.GetValue<int>(), shown["role"]!.GetValue<string>()));
        Assert.Equal("Globex Corp", shown["accounts"]![0]!["name"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, $"/accounts/{accountId}/account_users", token, $$"""{"user_id":{{userNumber}}}""")).StatusCode);
        await using var db = app.CreateDbContext();
        Assert.False(await db.AccountUsers.AnyAsync(m => m.AccountId == accountId, Ct));
    }

    [Fact]
    public async Task Posting_a_user_again_answers_the_same_user_and_another_apps_user_is_taken()
    {
        var token = await NewAppTokenAsync("Retrying");
        var other = await NewAppTokenAsync("Other");
        var first = await OkAsync(await SendAsync(HttpMethod.Post, "/users", token, """{"name":"Retry","email":"retry@platform.test"}"""));

        var again = await OkAsync(await SendAsync(HttpMethod.Post, "/users", token, """{"name":"Retry","email":"retry@platform.test"}"""));
        var taken = await SendAsync(HttpMethod.Post, "/users", other, """{"name":"Steal","email":"retry@platform.test"}""");

        Assert.Equal(first["id"]!.GetValue<int>(), again["id"]!.GetValue<int>());
        await taken.AssertInvalidAsync("Email has already been taken", "email");
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == "retry@platform.test", Ct));
    }

    [Theory]
    [InlineData("/accounts", """{}""", "Name can't be blank", new[] { "name" })]
    [InlineData("/accounts", """{"name":"  "}""", "Name can't be blank", new[] { "name" })]
    [InlineData("/accounts", """{"name":"x","status":"gone"}""", "Status is not included in the list", new[] { "status" })]
    [InlineData("/accounts", """{"name":"x","limits":3}""", "Limits is invalid", new[] { "limits" })]
    [InlineData("/users", """{"name":"x"}""", "Email can't be blank", new[] { "email" })]
    [InlineData("/users", """{"name":"x","email":"not-an-email"}""", "Email is invalid", new[] { "email" })]
    [InlineData("/users", """{"email":"a@b.test"}""", "Name can't be blank", new[] { "name" })]
    [InlineData("/users", """{"name":"x","email":"weak@b.test","password":"123"}""", "Passwords must", new[] { "password" })]
    public async Task Invalid_records_are_422_with_the_platforms_messages_and_store_nothing(string path, string body, string message, string[] attributes)
    {
        var token = await NewAppTokenAsync("Invalid " + message);
        await using var before = app.CreateDbContext();
        var counts = (await before.Accounts.CountAsync(Ct), await before.Users.CountAsync(Ct));

        await (await SendAsync(HttpMethod.Post, path, token, body)).AssertInvalidAsync(message, attributes);

        await using var after = app.CreateDbContext();
        Assert.Equal(counts, (await after.Accounts.CountAsync(Ct), await after.Users.CountAsync(Ct)));
    }

    [Fact]
    public async Task An_update_with_a_refused_password_changes_nothing_and_a_good_one_replaces_it()
    {
        var token = await NewAppTokenAsync("Updater");
        var number = (await OkAsync(await SendAsync(HttpMethod.Post, "/users", token,
            """{"name":"Before","email":"before@platform.test","password":"Old-passw0rd!"}""")))["id"]!.GetValue<int>();

        await (await SendAsync(HttpMethod.Patch, $"/users/{number}", token, """{"name":"After","email":"after@platform.test","password":"123"}"""))
            .AssertInvalidAsync("Passwords must", "password");

        await using (var db = app.CreateDbContext())
            Assert.Equal(("Before", "before@platform.test"), await db.Users.Where(u => u.Email == "before@platform.test").Select(u => new ValueTuple<string?, string?>(u.Name, u.Email)).SingleAsync(Ct));
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByEmailAsync("before@platform.test"))!, "Old-passw0rd!"));

        await OkAsync(await SendAsync(HttpMethod.Patch, $"/users/{number}", token, """{"password":"New-passw0rd!"}"""));
        await using var later = app.Services.CreateAsyncScope(); // a fresh store: the first one remembers the old row
        users = later.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync("before@platform.test"))!;
        Assert.True(await users.CheckPasswordAsync(user, "New-passw0rd!"));
        Assert.False(await users.CheckPasswordAsync(user, "Old-passw0rd!"));
    }

    [Fact]
    public async Task Deleting_a_user_removes_their_memberships_and_their_api_token_stops_working()
    {
        var token = await NewAppTokenAsync("Deleter");
        var accountId = (await OkAsync(await SendAsync(HttpMethod.Post, "/accounts", token, """{"name":"Gone Co"}""")))["id"]!.GetValue<int>();
        var number = (await OkAsync(await SendAsync(HttpMethod.Post, "/users", token, """{"name":"Gone","email":"gone@platform.test"}""")))["id"]!.GetValue<int>();
        await OkAsync(await SendAsync(HttpMethod.Post, $"/accounts/{accountId}/account_users", token, $$"""{"user_id":{{number}},"role":"administrator"}"""));
        string userId;
        await using (var db = app.CreateDbContext()) userId = await db.Users.Where(u => u.Email == "gone@platform.test").Select(u => u.Id).SingleAsync(Ct);
        var personal = await app.Services.GetRequiredService<ApiTokenService>().RegenerateAsync(userId, Ct);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(HttpMethod.Get, $"/api/v1/accounts/{accountId}/webhooks", personal)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, $"/users/{number}", token)).StatusCode);

        await (await _client.SendAsync(HttpMethod.Get, $"/api/v1/accounts/{accountId}/webhooks", personal)).AssertErrorAsync(401, "Invalid Access Token");
        await using var after = app.CreateDbContext();
        Assert.False(await after.Users.AnyAsync(u => u.Id == userId, Ct));
        Assert.False(await after.AccountUsers.AnyAsync(m => m.UserId == userId, Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/users/{number}", token)).StatusCode);
    }

    [Fact]
    public async Task Deleting_an_account_removes_its_webhooks_events_and_deliveries_and_leaves_others_alone()
    {
        var token = await NewAppTokenAsync("Account deleter");
        var accountId = (await OkAsync(await SendAsync(HttpMethod.Post, "/accounts", token, """{"name":"Doomed"}""")))["id"]!.GetValue<int>();
        var (keptId, _, _, keptToken) = await app.CreateAccountAsync("Kept");
        foreach (var (id, key) in new[] { (accountId, token), (keptId, keptToken) })
        {
            await OkAsync(await _client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{id}/webhooks", key, """{"url":"https://receiver.example/hook","subscriptions":["message_created"]}"""));
            Assert.Equal(HttpStatusCode.Accepted, (await _client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{id}/events", key, """{"event":"message_created","id":1}""")).StatusCode);
        }

        var deleted = await SendAsync(HttpMethod.Delete, $"/accounts/{accountId}", token);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync(Ct));
        await using var db = app.CreateDbContext();
        Assert.False(await db.Accounts.AnyAsync(a => a.Id == accountId, Ct));
        Assert.False(await db.Webhooks.AnyAsync(w => w.AccountId == accountId, Ct));
        Assert.False(await db.Events.AnyAsync(e => e.AccountId == accountId, Ct));
        Assert.False(await db.Deliveries.AnyAsync(d => d.AccountId == accountId, Ct));
        Assert.True(await db.Webhooks.AnyAsync(w => w.AccountId == keptId, Ct));
        Assert.True(await db.Deliveries.AnyAsync(d => d.AccountId == keptId, Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/accounts/{accountId}", token)).StatusCode);
    }

    [Fact]
    public async Task A_platform_token_sends_events_and_manages_webhooks_of_its_accounts_only()
    {
        var token = await NewAppTokenAsync("Streamer");
        var mine = (await OkAsync(await SendAsync(HttpMethod.Post, "/accounts", token, """{"name":"Streamed"}""")))["id"]!.GetValue<int>();
        var (notMine, _, _, _) = await app.CreateAccountAsync("Not streamed");

        var webhook = await _client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{mine}/webhooks", token, """{"url":"https://receiver.example/stream"}""");
        var posted = await _client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{mine}/events", token, """{"event":"message_created","id":7}""");
        var refusedWebhook = await _client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{notMine}/webhooks", token, """{"url":"https://receiver.example/x"}""");
        var refusedEvent = await _client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{notMine}/events", token, """{"event":"message_created","id":7}""");

        Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);
        Assert.Equal(1, (await posted.ReadJsonAsync())["deliveries"]!.GetValue<int>());
        await refusedWebhook.AssertErrorAsync(401, "You are not authorized to access this account");
        await refusedEvent.AssertErrorAsync(401, "You are not authorized to access this account");
        await using var db = app.CreateDbContext();
        Assert.False(await db.Webhooks.AnyAsync(w => w.AccountId == notMine, Ct));
        Assert.False(await db.Events.AnyAsync(e => e.AccountId == notMine, Ct));
    }
}
