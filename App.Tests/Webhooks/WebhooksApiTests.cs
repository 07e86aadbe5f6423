using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Webhooks;

/// <summary>The chat product's webhooks REST API over real HTTP: shapes, validation, and tenant isolation.</summary>
public sealed class WebhooksApiTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private readonly HttpClient _client = app.CreateRealClient();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string ListPath(int accountId) => $"/api/v1/accounts/{accountId}/webhooks";
    private static string ItemPath(int accountId, int id) => $"/api/v1/accounts/{accountId}/webhooks/{id}";

    private async Task<List<Webhook>> StoredAsync(int accountId)
    {
        await using var db = app.CreateDbContext();
        return await db.Webhooks.AsNoTracking().Where(w => w.AccountId == accountId).OrderBy(w => w.Id).ToListAsync(Ct);
    }

    private async Task<JsonObject> CreateAsync(int accountId, string token, string url, string events = "\"message_created\"")
    {
        var response = await _client.SendAsync(HttpMethod.Post, ListPath(accountId), token, $$"""{"webhook":{"url":"{{url}}","subscriptions":[{{events}}]} }""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync())["payload"]!["webhook"]!.AsObject();
    }

    [Fact]
    public async Task Create_list_update_and_delete_use_the_chat_products_shapes()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Crud Co");

        var created = await _client.SendAsync(HttpMethod.Post, ListPath(accountId), token,
            """{"webhook":{"url":"https://crm.example.com/hooks/chat","name":"CRM","subscriptions":["message_created","conversation_created","message_created"]}}""");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var webhook = (await created.ReadJsonAsync())["payload"]!["webhook"]!.AsObject();
        Assert.Equal(["account_id", "id", "name", "secret", "subscriptions", "url"], webhook.Select(p => p.Key).Order());
        var id = webhook["id"]!.GetValue<int>();
        Assert.Equal(accountId, webhook["account_id"]!.GetValue<int>());
        Assert.Equal(("CRM", "https://crm.example.com/hooks/chat"), (webhook["name"]!.GetValue<string>(), webhook["url"]!.GetValue<string>()));
        // De-duplicated and in catalog order, as the modal saves them.
        Assert.Equal(["conversation_created", "message_created"], webhook["subscriptions"]!.AsArray().Select(s => s!.GetValue<string>()));
        var stored = Assert.Single(await StoredAsync(accountId));
        Assert.Equal((id, stored.Secret), (stored.Id, webhook["secret"]!.GetValue<string>()));
        Assert.StartsWith("whsec_", stored.Secret);

        var list = await (await _client.SendAsync(HttpMethod.Get, ListPath(accountId), token)).ReadJsonAsync();
        Assert.Equal(id, Assert.Single(list["payload"]!["webhooks"]!.AsArray())!["id"]!.GetValue<int>());

        var patched = await _client.SendAsync(HttpMethod.Patch, ItemPath(accountId, id), token, """{"webhook":{"name":"CRM (prod)"}}""");
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var after = (await patched.ReadJsonAsync())["payload"]!["webhook"]!;
        Assert.Equal(("CRM (prod)", "https://crm.example.com/hooks/chat"), (after["name"]!.GetValue<string>(), after["url"]!.GetValue<string>()));
        Assert.Equal(["conversation_created", "message_created"], Assert.Single(await StoredAsync(accountId)).Subscriptions);

        var deleted = await _client.SendAsync(HttpMethod.Delete, ItemPath(accountId, id), token);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Empty(await StoredAsync(accountId));
        var empty = await (await _client.SendAsync(HttpMethod.Get, ListPath(accountId), token)).ReadJsonAsync();
        Assert.Empty(empty["payload"]!["webhooks"]!.AsArray());
    }

    public static TheoryData<string, string, int, string> InvalidBodies => new()
    {
        { "not a URL", """{"webhook":{"url":"not a url","subscriptions":["message_created"]}}""", 422, WebhookRules.InvalidUrlMessage },
        { "ftp URL", """{"webhook":{"url":"ftp://files.example.com/x","subscriptions":["message_created"]}}""", 422, WebhookRules.InvalidUrlMessage },
        { "no URL", """{"webhook":{"subscriptions":["message_created"]}}""", 422, WebhookRules.InvalidUrlMessage },
        { "no events", """{"webhook":{"url":"https://x.example/h","subscriptions":[]}}""", 422, "at least one event" },
        { "unknown event", """{"webhook":{"url":"https://x.example/h","subscriptions":["message_created","foo"]}}""", 422, "Invalid events: foo" },
        { "events not an array", """{"webhook":{"url":"https://x.example/h","subscriptions":"message_created"}}""", 422, "array of event names" },
        { "URL not a string", """{"webhook":{"url":42,"subscriptions":["message_created"]}}""", 422, "\"url\" must be a string" },
        { "long name", $$"""{"webhook":{"url":"https://x.example/h","name":"{{new string('n', 256)}}","subscriptions":["message_created"]} }""", 422, "at most 255" },
        { "no webhook object", """{"url":"https://x.example/h","subscriptions":["message_created"]}""", 422, "\"webhook\" object" },
        { "duplicate URL", """{"webhook":{"url":"https://taken.example/hook","subscriptions":["message_created"]}}""", 422, WebhookService.DuplicateUrlMessage },
        { "malformed JSON", """{"webhook":{"url":""", 400, "not valid JSON" },
        { "JSON array", "[]", 400, "must be a JSON object" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_create_is_refused_with_a_message_and_stores_nothing(string why, string body, int status, string message)
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Invalid " + why);
        await CreateAsync(accountId, token, "https://taken.example/hook");

        var response = await _client.SendAsync(HttpMethod.Post, ListPath(accountId), token, body);

        await response.AssertErrorAsync(status, message);
        Assert.Equal("https://taken.example/hook", Assert.Single(await StoredAsync(accountId)).Url);
    }

    [Fact]
    public async Task Invalid_update_is_refused_and_changes_nothing()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Invalid Patch");
        var id = (await CreateAsync(accountId, token, "https://keep.example/hook"))["id"]!.GetValue<int>();
        await CreateAsync(accountId, token, "https://other.example/hook");
        var before = await StoredAsync(accountId);

        var badUrl = await _client.SendAsync(HttpMethod.Patch, ItemPath(accountId, id), token, """{"webhook":{"url":"javascript:alert(1)"}}""");
        var noEvents = await _client.SendAsync(HttpMethod.Patch, ItemPath(accountId, id), token, """{"webhook":{"subscriptions":[]}}""");
        var duplicate = await _client.SendAsync(HttpMethod.Patch, ItemPath(accountId, id), token, """{"webhook":{"url":"https://other.example/hook"}}""");

        await badUrl.AssertErrorAsync(422, WebhookRules.InvalidUrlMessage);
        await noEvents.AssertErrorAsync(422, "at least one event");
        await duplicate.AssertErrorAsync(422, WebhookService.DuplicateUrlMessage);
        var after = await StoredAsync(accountId);
        Assert.Equal(before.Select(w => (w.Url, w.Name, string.Join(",", w.Subscriptions), w.UpdatedAt)), after.Select(w => (w.Url, w.Name, string.Join(",", w.Subscriptions), w.UpdatedAt)));
    }

    [Fact]
    public async Task Unknown_id_or_another_accounts_id_is_not_found_and_changes_nothing()
    {
        var (accountA, _, _, tokenA) = await app.CreateAccountAsync("Ids A");
        var (accountB, _, _, tokenB) = await app.CreateAccountAsync("Ids B");
        var idOfB = (await CreateAsync(accountB, tokenB, "https://b.example/hook"))["id"]!.GetValue<int>();

        var patchOther = await _client.SendAsync(HttpMethod.Patch, ItemPath(accountA, idOfB), tokenA, """{"webhook":{"url":"https://stolen.example/"}}""");
        var deleteOther = await _client.SendAsync(HttpMethod.Delete, ItemPath(accountA, idOfB), tokenA);
        var patchUnknown = await _client.SendAsync(HttpMethod.Patch, ItemPath(accountA, 999_999), tokenA, """{"webhook":{"name":"x"}}""");
        var deleteUnknown = await _client.SendAsync(HttpMethod.Delete, ItemPath(accountA, 999_999), tokenA);

        foreach (var response in new[] { patchOther, deleteOther, patchUnknown, deleteUnknown })
            await response.AssertErrorAsync(404, WebhooksApi.NotFoundMessage);
        Assert.Equal("https://b.example/hook", Assert.Single(await StoredAsync(accountB)).Url);
        Assert.Empty(await StoredAsync(accountA));
    }
}
