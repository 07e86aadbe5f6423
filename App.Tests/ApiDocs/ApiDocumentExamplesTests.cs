using System.Net;
using System.Text.Json.Nodes;
using Dashboard.ApiDocs;
using Dashboard.Platform;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.ApiDocs;

/// <summary>The document's request examples, sent as they stand to the real API: a reader who copies one gets a success.</summary>
public sealed class ApiDocumentExamplesTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private readonly HttpClient _client = app.CreateRealClient();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonObject> PathsAsync()
    {
        var document = JsonNode.Parse(await _client.GetStringAsync(ApiDocsPaths.Document, Ct))!;
        return document["paths"]!.AsObject();
    }

    private static string Example(JsonObject paths, string path, string method) =>
        paths[path]![method]!["requestBody"]!["content"]!["application/json"]!["example"]!.ToJsonString();

    private async Task<JsonObject> SucceedsAsync(HttpMethod method, string path, string token, string body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await _client.SendAsync(method, path, token, body);
        Assert.True(response.StatusCode == expected, $"{method} {path} {body}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task The_application_APIs_examples_create_and_update_a_webhook_and_send_an_event()
    {
        var paths = await PathsAsync();
        var (accountId, _, _, token) = await app.CreateAccountAsync("Examples Co");
        var webhooks = $"/api/v1/accounts/{accountId}/webhooks";

        var created = await SucceedsAsync(HttpMethod.Post, webhooks, token, Example(paths, "/api/v1/accounts/{accountId}/webhooks", "post"));
        var id = created["payload"]!["webhook"]!["id"]!.GetValue<int>();
        await SucceedsAsync(HttpMethod.Patch, $"{webhooks}/{id}", token, Example(paths, "/api/v1/accounts/{accountId}/webhooks/{id}", "patch"));
        var accepted = await SucceedsAsync(HttpMethod.Post, $"/api/v1/accounts/{accountId}/events", token,
            Example(paths, "/api/v1/accounts/{accountId}/events", "post"), HttpStatusCode.Accepted);

        Assert.Equal(1, accepted["deliveries"]!.GetValue<int>()); // the updated webhook is subscribed to the example's event
    }

    [Fact]
    public async Task The_Platform_APIs_examples_create_and_update_an_account_and_a_user_and_make_a_member()
    {
        var paths = await PathsAsync();
        var token = (await app.Services.GetRequiredService<PlatformApps>().CreateAsync("Examples Platform", Ct)).Token;
        const string api = "/platform/api/v1";

        var account = (await SucceedsAsync(HttpMethod.Post, $"{api}/accounts", token, Example(paths, $"{api}/accounts", "post")))["id"]!.GetValue<int>();
        await SucceedsAsync(HttpMethod.Patch, $"{api}/accounts/{account}", token, Example(paths, $"{api}/accounts/{{id}}", "patch"));
        var user = (await SucceedsAsync(HttpMethod.Post, $"{api}/users", token, Example(paths, $"{api}/users", "post")))["id"]!.GetValue<int>();
        await SucceedsAsync(HttpMethod.Patch, $"{api}/users/{user}", token, Example(paths, $"{api}/users/{{id}}", "patch"));
        // The example names user 5; this installation's user has another number.
        var member = JsonNode.Parse(Example(paths, $"{api}/accounts/{{id}}/account_users", "post"))!.AsObject();
        member["user_id"] = user;
        var membership = await SucceedsAsync(HttpMethod.Post, $"{api}/accounts/{account}/account_users", token, member.ToJsonString());

        Assert.Equal("administrator", membership["role"]!.GetValue<string>());
    }
}
