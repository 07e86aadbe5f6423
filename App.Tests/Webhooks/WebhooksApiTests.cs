using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Webhooks;

/// <summary>The chat product's webhooks REST API over real HTTP: shapes, its error answers, validation, and tenant isolation.</summary>
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
            """{"webhook":{"url":"https://crm.example.com/hooks/chat","name":"CRM","subscriptions":["message_created","conversation_created"]}}""");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var webhook = (await created.ReadJsonAsync())["payload"]!["webhook"]!.AsObject();
        Assert.Equal(["account_id", "id", "name", "secret", "subscriptions", "url"], webhook.Select(p => p.Key).Order());
        var id = webhook["id"]!.GetValue<int>();
        Assert.Equal(accountId, webhook["account_id"]!.GetValue<int>());
        Assert.Equal(("CRM", "https://crm.example.com/hooks/chat"), (webhook["name"]!.GetValue<string>(), webhook["url"]!.GetValue<string>()));
        Assert.Equal(["message_created", "conversation_created"], webhook["subscriptions"]!.AsArray().Select(s => s!.GetValue<string>()));
        var stored = Assert.Single(await StoredAsync(accountId));
        Assert.Equal((id, stored.Secret), (stored.Id, webhook["secret"]!.GetValue<string>()));
        Assert.StartsWith("whsec_", stored.Secret);

        var list = await (await _client.SendAsync(HttpMethod.Get, ListPath(accountId), token)).ReadJsonAsync();
        Assert.Equal(id, Assert.Single(list["payload"]!["webhooks"]!.AsArray())!["id"]!.GetValue<int>());

        var patched = await _client.SendAsync(HttpMethod.Patch, ItemPath(accountId, id), token, """{"webhook":{"name":"CRM (prod)"}}""");
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var after = (await patched.ReadJsonAsync())["payload"]!["webhook"]!;
        Assert.Equal(("CRM (prod)", "https://crm.example.com/hooks/chat"), (after["name"]!.GetValue<string>(), after["url"]!.GetValue<string>()));
        Assert.Equal(["message_created", "conversation_created"], Assert.Single(await StoredAsync(accountId)).Subscriptions);

        var deleted = await _client.SendAsync(HttpMethod.Delete, ItemPath(accountId, id), token);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)); // as the platform: no body
        Assert.Empty(await StoredAsync(accountId));
        var empty = await (await _client.SendAsync(HttpMethod.Get, ListPath(accountId), token)).ReadJsonAsync();
        Assert.Empty(empty["payload"]!["webhooks"]!.AsArray());
    }

    /// <summary>Bodies the platform's model refuses: 422 <c>{"message", "attributes"}</c> naming the fields.</summary>
    public static TheoryData<string, string, string, string[]> InvalidRecords => new()
    {
        { "not a URL", """{"webhook":{"url":"not a url","subscriptions":["message_created"]}}""", "Url is invalid", ["url"] },
        { "ftp URL", """{"webhook":{"url":"ftp://files.example.com/x","subscriptions":["message_created"]}}""", "Url is invalid", ["url"] },
        { "no URL", """{"webhook":{"subscriptions":["message_created"]}}""", "Url is invalid", ["url"] },
        { "no events", """{"webhook":{"url":"https://x.example/h","subscriptions":[]}}""", "Subscriptions Invalid events", ["subscriptions"] },
        { "unknown event", """{"webhook":{"url":"https://x.example/h","subscriptions":["message_created","foo"]}}""", "Subscriptions Invalid events", ["subscriptions"] },
        { "events not an array", """{"webhook":{"url":"https://x.example/h","subscriptions":"message_created"}}""", "Subscriptions Invalid events", ["subscriptions"] },
        { "URL not a string", """{"webhook":{"url":42,"subscriptions":["message_created"]}}""", "Url is invalid", ["url"] },
        { "long name", $$"""{"webhook":{"url":"https://x.example/h","name":"{{new string('n', 256)}}","subscriptions":["message_created"]} }""", "Name is too long (maximum is 255 characters)", ["name"] },
        { "bad URL and no events", """{"webhook":{"url":"mailto:x@example.com","subscriptions":[]}}""", "Url is invalid, Subscriptions Invalid events", ["url", "subscriptions"] },
        { "duplicate URL", """{"webhook":{"url":"https://taken.example/hook","subscriptions":["message_created"]}}""", "Url has already been taken", ["url"] },
        { "an inbox", """{"webhook":{"url":"https://x.example/h","subscriptions":["message_created"],"inbox_id":3}}""", WebhookJsonInput.InboxIdMessage, ["inbox_id"] },
        { "an inbox as text", """{"webhook":{"url":"https://x.example/h","subscriptions":["message_created"],"inbox_id":"3"}}""", "no inboxes", ["inbox_id"] },
    };

    [Theory]
    [MemberData(nameof(InvalidRecords))]
    public async Task Invalid_create_is_422_with_message_and_attributes_and_stores_nothing(string why, string body, string message, string[] attributes)
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Invalid " + why);
        await CreateAsync(accountId, token, "https://taken.example/hook");

        var response = await _client.SendAsync(HttpMethod.Post, ListPath(accountId), token, body);

        await response.AssertInvalidAsync(message, attributes);
        Assert.Equal("https://taken.example/hook", Assert.Single(await StoredAsync(accountId)).Url);
    }

    /// <summary>Bodies that are not a webhook at all: <c>{"error": "…"}</c>, as the platform answers a missing parameter.</summary>
    public static TheoryData<string, string, int, string> RefusedBodies => new()
    {
        { "no record key at the top", """{"hook":{"url":"https://x.example/h"},"events":["message_created"]}""", 422, "param is missing or the value is empty: webhook" },
        { "a webhook key that is null", """{"webhook":null,"url":"https://x.example/h"}""", 422, "param is missing or the value is empty: webhook" },
        { "empty webhook object", """{"webhook":{}}""", 422, "param is missing or the value is empty: webhook" },
        { "webhook not an object", """{"webhook":"https://x.example/h"}""", 422, "param is missing or the value is empty: webhook" },
        { "malformed JSON", """{"webhook":{"url":""", 400, "not valid JSON" },
        { "JSON array", "[]", 400, "must be a JSON object" },
    };

    [Theory]
    [MemberData(nameof(RefusedBodies))]
    public async Task A_body_without_a_webhook_is_refused_with_an_error_on_create_patch_and_put(string why, string body, int status, string message)
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Refused " + why);
        var id = (await CreateAsync(accountId, token, "https://keep.example/hook"))["id"]!.GetValue<int>();
        var before = Assert.Single(await StoredAsync(accountId));

        foreach (var (method, path) in new[] { (HttpMethod.Post, ListPath(accountId)), (HttpMethod.Patch, ItemPath(accountId, id)), (HttpMethod.Put, ItemPath(accountId, id)) })
            await (await _client.SendAsync(method, path, token, body)).AssertErrorAsync(status, message);

        var after = Assert.Single(await StoredAsync(accountId));
        Assert.Equal((before.Url, before.UpdatedAt), (after.Url, after.UpdatedAt));
    }

    [Fact]
    public async Task Invalid_update_is_refused_and_changes_nothing()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Invalid Patch");
        var id = (await CreateAsync(accountId, token, "https://keep.example/hook"))["id"]!.GetValue<int>();
        await CreateAsync(accountId, token, "https://other.example/hook");
        var before = await StoredAsync(accountId);

        var badUrl = await _client.SendAsync(HttpMethod.Patch, ItemPath(accountId, id), token, """{"webhook":{"url":"javascript:alert(1)"}}""");
        var noEvents = await _client.SendAsync(HttpMethod.Put, ItemPath(accountId, id), token, """{"webhook":{"subscriptions":[]}}""");
        var duplicate = await _client.SendAsync(HttpMethod.Patch, ItemPath(accountId, id), token, """{"webhook":{"url":"https://other.example/hook"}}""");
        var inbox = await _client.SendAsync(HttpMethod.Put, ItemPath(accountId, id), token, """{"webhook":{"name":"x","inbox_id":7}}""");

        await badUrl.AssertInvalidAsync("Url is invalid", "url");
        await noEvents.AssertInvalidAsync("Subscriptions Invalid events", "subscriptions");
        await duplicate.AssertInvalidAsync("Url has already been taken", "url");
        await inbox.AssertInvalidAsync(WebhookJsonInput.InboxIdMessage, "inbox_id");
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

        var putOther = await _client.SendAsync(HttpMethod.Put, ItemPath(accountA, idOfB), tokenA, """{"webhook":{"url":"https://stolen.example/"}}""");

        foreach (var response in new[] { patchOther, putOther, deleteOther, patchUnknown, deleteUnknown })
        {
            Assert.Equal(404, (int)response.StatusCode);
            Assert.Equal("""{"error":"Resource could not be found"}""", await response.Content.ReadAsStringAsync(Ct));
        }
        Assert.Equal("https://b.example/hook", Assert.Single(await StoredAsync(accountB)).Url);
        Assert.Empty(await StoredAsync(accountA));
    }

    private static IEnumerable<string> Names(JsonNode? subscriptions) => subscriptions!.AsArray().Select(s => s!.GetValue<string>());

    [Fact]
    public async Task Put_updates_like_patch_changing_only_the_fields_sent()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Put Co");
        var created = await _client.SendAsync(HttpMethod.Post, ListPath(accountId), token,
            """{"webhook":{"url":"https://put.example/hook","name":"Before","subscriptions":["contact_created","message_created"]}}""");
        var id = (await created.ReadJsonAsync())["payload"]!["webhook"]!["id"]!.GetValue<int>();

        var renamed = await _client.SendAsync(HttpMethod.Put, ItemPath(accountId, id), token, """{"webhook":{"name":"After"}}""");
        var moved = await _client.SendAsync(HttpMethod.Put, ItemPath(accountId, id), token, """{"webhook":{"url":"https://put.example/v2"}}""");

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var afterRename = (await renamed.ReadJsonAsync())["payload"]!["webhook"]!;
        Assert.Equal(("After", "https://put.example/hook"), (afterRename["name"]!.GetValue<string>(), afterRename["url"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var afterMove = (await moved.ReadJsonAsync())["payload"]!["webhook"]!;
        Assert.Equal(("After", "https://put.example/v2"), (afterMove["name"]!.GetValue<string>(), afterMove["url"]!.GetValue<string>()));
        Assert.Equal(["contact_created", "message_created"], Names(afterMove["subscriptions"]));
        var stored = Assert.Single(await StoredAsync(accountId));
        Assert.Equal(("After", "https://put.example/v2"), (stored.Name, stored.Url));
        Assert.Equal(["contact_created", "message_created"], stored.Subscriptions);
    }

    [Fact]
    public async Task Subscriptions_come_back_as_sent_in_every_answer_and_in_the_store()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Order Co");
        string[] sent = ["message_updated", "contact_created", "inbox_created", "conversation_created", "contact_created"];

        var created = await _client.SendAsync(HttpMethod.Post, ListPath(accountId), token,
            """{"webhook":{"url":"https://order.example/hook","subscriptions":""" + System.Text.Json.JsonSerializer.Serialize(sent) + "}}");
        var webhook = (await created.ReadJsonAsync())["payload"]!["webhook"]!;
        var id = webhook["id"]!.GetValue<int>();
        var renamed = await _client.SendAsync(HttpMethod.Patch, ItemPath(accountId, id), token, """{"webhook":{"name":"Renamed"}}""");
        var listed = await (await _client.SendAsync(HttpMethod.Get, ListPath(accountId), token)).ReadJsonAsync();

        Assert.Equal(sent, Names(webhook["subscriptions"]));
        Assert.Equal(sent, Names((await renamed.ReadJsonAsync())["payload"]!["webhook"]!["subscriptions"]));
        Assert.Equal(sent, Names(Assert.Single(listed["payload"]!["webhooks"]!.AsArray())!["subscriptions"]));
        Assert.Equal(sent, Assert.Single(await StoredAsync(accountId)).Subscriptions);

        var reordered = await _client.SendAsync(HttpMethod.Put, ItemPath(accountId, id), token,
            """{"webhook":{"subscriptions":["conversation_typing_off","message_created","conversation_typing_on"]}}""");
        Assert.Equal(["conversation_typing_off", "message_created", "conversation_typing_on"], Names((await reordered.ReadJsonAsync())["payload"]!["webhook"]!["subscriptions"]));
        Assert.Equal(["conversation_typing_off", "message_created", "conversation_typing_on"], Assert.Single(await StoredAsync(accountId)).Subscriptions);
    }

    [Fact]
    public async Task A_null_inbox_id_means_an_account_webhook_and_is_accepted()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Null Inbox");

        var created = await _client.SendAsync(HttpMethod.Post, ListPath(accountId), token,
            """{"webhook":{"url":"https://null-inbox.example/hook","subscriptions":["message_created"],"inbox_id":null}}""");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var webhook = (await created.ReadJsonAsync())["payload"]!["webhook"]!.AsObject();
        Assert.False(webhook.ContainsKey("inbox"));
        Assert.Equal("https://null-inbox.example/hook", Assert.Single(await StoredAsync(accountId)).Url);
    }

    [Fact]
    public async Task A_repeated_subscription_still_makes_one_delivery_per_event()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Repeat Co");
        var id = (await CreateAsync(accountId, token, "https://repeat.example/hook", "\"message_created\",\"message_created\""))["id"]!.GetValue<int>();

        var published = await _client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{accountId}/events", token, """{"event":"message_created","id":1}""");

        Assert.Equal(HttpStatusCode.Accepted, published.StatusCode);
        Assert.Equal(1, (await published.ReadJsonAsync())["deliveries"]!.GetValue<int>());
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Deliveries.CountAsync(d => d.WebhookId == id, Ct));
    }
}
