using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dashboard.Accounts;
using Dashboard.Deliveries;
using Dashboard.Events;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Events;

/// <summary>The ingestion API over real HTTP; each test works in its own tenant so counts are exact.</summary>
public sealed class EventsApiTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private readonly HttpClient _client = app.CreateRealClient();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string EventsPath(int accountId) => $"/api/v1/accounts/{accountId}/events";

    private async Task<Webhook> CreateWebhookAsync(int accountId, string url, params string[] events)
    {
        var saved = await app.Services.GetRequiredService<WebhookService>().CreateAsync(accountId, new WebhookInput(url, null, events), Ct);
        return saved.Webhook ?? throw new InvalidOperationException(saved.Errors.Summary);
    }

    private async Task<(int Events, int Deliveries)> CountsAsync(int accountId)
    {
        await using var db = app.CreateDbContext();
        return (await db.Events.CountAsync(e => e.AccountId == accountId, Ct), await db.Deliveries.CountAsync(d => d.AccountId == accountId, Ct));
    }

    [Fact]
    public async Task Accepted_event_is_stored_with_one_delivery_per_subscribed_active_webhook_of_that_account()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Fanout Co");
        var (otherAccountId, _, _, _) = await app.CreateAccountAsync("Fanout Other");
        var subscribed = await CreateWebhookAsync(accountId, "https://a.example/one", "message_created", "contact_created");
        var alsoSubscribed = await CreateWebhookAsync(accountId, "https://a.example/two", "message_created");
        var disabled = await CreateWebhookAsync(accountId, "https://a.example/off", "message_created");
        await app.Services.GetRequiredService<WebhookService>().SetStatusAsync(accountId, disabled.Id, WebhookStatus.Disabled, "test", Ct);
        await CreateWebhookAsync(accountId, "https://a.example/contacts", "contact_created");
        await CreateWebhookAsync(otherAccountId, "https://b.example/one", "message_created");
        var payload = EventSamples.For("message_created", accountId, "Fanout Co").ToJsonString();

        var response = await _client.SendAsync(HttpMethod.Post, EventsPath(accountId), token, payload);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var eventId = Guid.Parse(body["id"]!.GetValue<string>());
        Assert.Equal(2, body["deliveries"]!.GetValue<int>());

        await using var db = app.CreateDbContext();
        var stored = await db.Events.SingleAsync(e => e.Id == eventId, Ct);
        Assert.Equal((accountId, "message_created"), (stored.AccountId, stored.Name));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(payload), JsonNode.Parse(stored.Payload)));
        var deliveries = await db.Deliveries.Where(d => d.EventId == eventId).ToListAsync(Ct);
        Assert.Equal(new[] { subscribed.Id, alsoSubscribed.Id }.Order(), deliveries.Select(d => d.WebhookId).Order());
        Assert.All(deliveries, d => Assert.Equal((accountId, DeliveryStatus.Pending, "message_created"), (d.AccountId, d.Status, d.EventName)));
        Assert.Equal(0, await db.Deliveries.CountAsync(d => d.AccountId == otherAccountId, Ct));
    }

    [Fact]
    public async Task Event_without_subscribers_is_stored_with_zero_deliveries()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Quiet Co");

        var response = await _client.SendAsync(HttpMethod.Post, EventsPath(accountId), token, """{"event":"inbox_created","id":3}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(0, (await response.ReadJsonAsync())["deliveries"]!.GetValue<int>());
        Assert.Equal((1, 0), await CountsAsync(accountId));
    }

    public static TheoryData<string, string, string, int, string> BadBodies => new()
    {
        { "unknown event", "application/json", """{"event":"message_deleted","id":1}""", 422, "Unknown event \"message_deleted\"" },
        { "missing event key", "application/json", """{"id":1,"content":"Hi"}""", 422, "needs an \"event\" key" },
        { "event not a string", "application/json", """{"event":42}""", 422, "must be a string" },
        { "malformed JSON", "application/json", """{"event":"message_created",""", 400, "not valid JSON" },
        { "JSON array", "application/json", """[{"event":"message_created"}]""", 400, "must be a JSON object" },
        { "JSON string", "application/json", "\"message_created\"", 400, "must be a JSON object" },
        { "empty body", "application/json", "", 400, "empty" },
        { "duplicate keys", "application/json", """{"event":"message_created","event":"contact_created"}""", 400, "not valid JSON" },
        { "not JSON content type", "text/plain", """{"event":"message_created"}""", 415, "must be JSON" },
        { "form content type", "application/x-www-form-urlencoded", "event=message_created", 415, "must be JSON" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_body_is_refused_with_a_json_message_and_stores_nothing(string why, string contentType, string body, int status, string message)
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Bad " + why);
        await CreateWebhookAsync(accountId, "https://bad.example/hook", "message_created", "contact_created");

        var response = await _client.SendAsync(ApiCalls.Request(HttpMethod.Post, EventsPath(accountId), token, body, contentType), Ct);

        await response.AssertErrorAsync(status, message);
        Assert.Equal((0, 0), await CountsAsync(accountId));
    }

    [Fact]
    public async Task Body_of_exactly_256_KB_is_accepted()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Big Ok");

        var response = await _client.SendAsync(HttpMethod.Post, EventsPath(accountId), token, PayloadOfSize(EventsApi.MaxBodyBytes));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal((1, 0), await CountsAsync(accountId));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Body_over_256_KB_is_refused_with_413_also_without_a_content_length(bool withContentLength)
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Big " + withContentLength);
        var bytes = Encoding.UTF8.GetBytes(PayloadOfSize(EventsApi.MaxBodyBytes + 1));
        var request = ApiCalls.Request(HttpMethod.Post, EventsPath(accountId), token);
        // A stream of unknown length goes out chunked: the server must count while reading.
        request.Content = withContentLength ? new ByteArrayContent(bytes) : new StreamContent(new UnknownLengthStream(bytes));
        request.Content.Headers.ContentType = new("application/json");

        var response = await _client.SendAsync(request, Ct);

        Assert.Equal(withContentLength, request.Content.Headers.ContentLength is not null);
        await response.AssertErrorAsync(413, "at most 256 KB");
        Assert.Equal((0, 0), await CountsAsync(accountId));
    }

    [Fact]
    public async Task Overlong_idempotency_key_is_refused_and_stores_nothing()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Long Key");
        var request = ApiCalls.Request(HttpMethod.Post, EventsPath(accountId), token, """{"event":"contact_created","id":1}""");
        request.Headers.Add("Idempotency-Key", new string('k', EventsApi.MaxIdempotencyKeyLength + 1));

        var response = await _client.SendAsync(request, Ct);

        await response.AssertErrorAsync(400, "Idempotency-Key");
        Assert.Equal((0, 0), await CountsAsync(accountId));
    }

    /// <summary>A valid event whose JSON text is exactly <paramref name="size"/> bytes.</summary>
    private static string PayloadOfSize(int size)
    {
        const string head = "{\"event\":\"contact_created\",\"padding\":\"", tail = "\"}";
        return head + new string('x', size - head.Length - tail.Length) + tail;
    }

    /// <summary>Hides its length so HttpClient sends the body chunked, without Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
