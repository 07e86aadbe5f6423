using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Events;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Events;

public sealed class EventSamplesTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Every_catalog_event_has_a_sample_named_by_its_event_key()
    {
        foreach (var type in EventCatalog.All)
            Assert.Equal(type.Name, EventSamples.For(type.Name, 7, "Sample Co")["event"]!.GetValue<string>());
    }

    [Fact]
    public void Message_created_sample_has_the_keys_of_the_help_page_sample()
    {
        var sample = EventSamples.For("message_created", 42, "Globex");

        foreach (var key in new[] { "event", "id", "content", "content_type", "content_attributes", "message_type", "created_at", "private", "source_id", "sender", "contact", "inbox", "conversation", "account" })
            Assert.True(sample.ContainsKey(key), $"missing {key}");
        Assert.Equal(["id", "name"], sample["contact"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["id", "name"], sample["inbox"]!.AsObject().Select(p => p.Key));
        Assert.NotNull(sample["conversation"]!["display_id"]);
        var attributes = sample["conversation"]!["additional_attributes"]!.AsObject();
        Assert.IsType<JsonObject>(attributes["browser"]);
        Assert.True(attributes.ContainsKey("referer") && attributes.ContainsKey("initiated_at"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"id":42,"name":"Globex"}"""), sample["account"]));
    }

    [Fact]
    public void Each_call_returns_a_fresh_object_for_the_given_account()
    {
        var first = EventSamples.For("conversation_created", 1, "One");
        first["status"] = "changed";
        var second = EventSamples.For("conversation_created", 2, "Two");

        Assert.Equal("open", second["status"]!.GetValue<string>());
        Assert.Equal((2, "Two"), (second["account"]!["id"]!.GetValue<int>(), second["account"]!["name"]!.GetValue<string>()));
        Assert.All(second["messages"]!.AsArray(), m => Assert.Equal(2, m!["account_id"]!.GetValue<int>()));
        Assert.Throws<ArgumentException>(() => EventSamples.For("message_deleted", 1, "One"));
    }

    [Fact]
    public async Task The_ingestion_api_accepts_every_sample_and_delivers_it_to_a_webhook_subscribed_to_all()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Samples Co");
        await app.Services.GetRequiredService<WebhookService>()
            .CreateAsync(accountId, new("https://samples.example/hook", null, EventCatalog.All.Select(e => e.Name).ToList()), Ct);
        using var client = app.CreateRealClient();

        foreach (var type in EventCatalog.All)
        {
            var response = await client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{accountId}/events", token,
                EventSamples.For(type.Name, accountId, "Samples Co").ToJsonString());
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{type.Name}: {(int)response.StatusCode}");
            Assert.Equal(1, (await response.ReadJsonAsync())["deliveries"]!.GetValue<int>());
        }

        await using var db = app.CreateDbContext();
        var names = await db.Events.Where(e => e.AccountId == accountId).Select(e => e.Name).ToListAsync(Ct);
        Assert.Equal(EventCatalog.All.Select(e => e.Name).Order(), names.Order());
    }
}
