using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Dashboard.Api;
using Dashboard.Accounts;
using Dashboard.Telemetry;

namespace Dashboard.Events;

/// <summary>
/// <c>POST /api/v1/accounts/{accountId}/events</c>: the chat platform hands in an event; it is stored with its
/// deliveries (the outbox) and answered with 202 before anything is sent.
/// </summary>
public static class EventsApi
{
    public const int MaxBodyBytes = 256 * 1024;
    public const int MaxIdempotencyKeyLength = 255;
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The answer: the event's id and how many deliveries (subscribed active webhooks) it created.</summary>
    public sealed record Accepted(Guid Id, int Deliveries);

    /// <summary>
    /// The body's shape, for the API's documentation: any JSON object with an <c>event</c> name; every key is delivered as
    /// sent (<see cref="RawEvent"/> checks it).
    /// </summary>
    public sealed record EventBody([property: Required, Description("An event of the catalogue, e.g. message_created")] string Event)
    {
        [JsonExtensionData] public Dictionary<string, JsonElement>? Data { get; init; }

        /// <summary>Short, as README's; the catalogue has every event's full sample.</summary>
        public static readonly JsonObject Example = new()
        {
            ["event"] = "message_created", ["id"] = 48213, ["content"] = "Hi, my order has not arrived yet.", ["message_type"] = "incoming",
        };
    }

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapAccountApi("/events").WithTags(ApiTags.Events)
            .CalledBy(ApiCallers.AccountAdministratorOrPlatformApp, EndpointDocs.AccountApiRefusal)
            .MapPost("", PostAsync).WithMetadata(IngestionEndpoint.Marker).RequireRateLimiting(ApiRateLimits.Ingestion)
            .WithSummary("Send an event")
            .WithDescription("The payload as receivers get it: a JSON object with its `event` key beside the data (the catalogue has a "
                             + "sample of each). It is stored with one delivery per active webhook of the account subscribed to it, and "
                             + "answered before anything is sent; receivers get the bytes as sent. The same `Idempotency-Key` within 24 h "
                             + "returns the first answer, stores nothing new and adds `Idempotent-Replayed: true`.")
            .WithHeaderParameter(IdempotencyKeyHeader, $"Optional, 1 to {MaxIdempotencyKeyLength} characters: a retry with the same key stores the event once")
            .AcceptsJson<EventBody>(EventBody.Example, MaxBodyBytes, alsoBadWhen: "a bad `Idempotency-Key`")
            .Returns<Accepted>(StatusCodes.Status202Accepted, "Stored: the event's id and the deliveries it made")
            .Refuses(StatusCodes.Status422UnprocessableEntity, "No `event` key, or not an event of the catalogue");
        app.MapEventCatalogueApi();
        return app;
    }

    private static async Task<IResult> PostAsync(HttpContext http, IEventPublisher publisher, ILoggerFactory loggers)
    {
        var caller = http.ApiCaller();
        var ct = http.RequestAborted;

        string? key = http.Request.Headers[IdempotencyKeyHeader];
        if (key is not null && (string.IsNullOrWhiteSpace(key) || key.Length > MaxIdempotencyKeyLength))
            return ApiJson.Error(StatusCodes.Status400BadRequest, $"The Idempotency-Key header must be 1 to {MaxIdempotencyKeyLength} characters.");

        // The body is stored and sent as received: checked here, never re-serialised (RawEvent).
        var read = await JsonBody.ReadRawObjectAsync(http.Request, MaxBodyBytes, ct);
        if (read.Refusal is not null) return read.Refusal;
        RawEvent? payload;
        string? error;
        using (var body = read.Body!) payload = RawEvent.From(body.Root, body.Utf8, out error);
        if (payload is null) return ApiJson.Error(StatusCodes.Status422UnprocessableEntity, error!);

        // Two requests with one key cannot both store an event: the key is looked up in the writer's transaction (OutboxWriter).
        var result = await publisher.PublishAsync(caller.AccountId, payload, key, ct);
        if (result.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        else Log.EventAccepted(loggers.CreateLogger(typeof(EventsApi)), payload.Name, caller.AccountId, result.Deliveries);
        return ApiJson.Ok(new Accepted(result.EventId, result.Deliveries), StatusCodes.Status202Accepted);
    }
}
