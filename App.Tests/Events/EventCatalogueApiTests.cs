using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Events;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Events;

/// <summary><c>GET /api/v1/events/catalog</c> over real HTTP: public documentation, the same list as the page.</summary>
public sealed class EventCatalogueApiTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private readonly HttpClient _client = app.CreateRealClient();

    [Fact]
    public async Task Catalogue_lists_every_event_with_label_description_and_sample_without_a_token()
    {
        var response = await _client.SendAsync(HttpMethod.Get, EventCatalogueApi.Path, token: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("public", response.Headers.CacheControl?.ToString());
        var events = (await response.ReadJsonAsync())["events"]!.AsArray();
        Assert.Equal(EventCatalog.All.Select(e => e.Name), events.Select(e => e!["name"]!.GetValue<string>()));
        foreach (var (type, entry) in EventCatalog.All.Zip(events))
        {
            Assert.Equal(["description", "label", "name", "sample", "selectable"], entry!.AsObject().Select(p => p.Key).Order());
            Assert.Equal((type.Label, type.Description, type.Selectable),
                (entry["label"]!.GetValue<string>(), entry["description"]!.GetValue<string>(), entry["selectable"]!.GetValue<bool>()));
            var expected = EventSamples.For(type.Name, EventCatalogue.PlaceholderAccountId, EventCatalogue.PlaceholderAccountName);
            Assert.True(JsonNode.DeepEquals(expected, entry["sample"]), type.Name);
        }
        Assert.False(events.Single(e => e!["name"]!.GetValue<string>() == "inbox_created")!["selectable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Catalogue_is_read_only()
    {
        var response = await _client.SendAsync(HttpMethod.Post, EventCatalogueApi.Path, token: null, """{"name":"x"}""");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
