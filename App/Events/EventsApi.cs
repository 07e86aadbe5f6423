using Dashboard.Api;
using System.Text.Json.Nodes;
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

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapAccountApi("/events").MapPost("", PostAsync).WithMetadata(IngestionEndpoint.Marker);
        return app;
    }

    private static async Task<IResult> PostAsync(HttpContext http, IEventPublisher publisher, ILoggerFactory loggers)
    {
        var caller = http.ApiCaller();
        var ct = http.RequestAborted;

        string? key = http.Request.Headers[IdempotencyKeyHeader];
        if (key is not null && (string.IsNullOrWhiteSpace(key) || key.Length > MaxIdempotencyKeyLength))
            return ApiJson.Error(StatusCodes.Status400BadRequest, $"The Idempotency-Key header must be 1 to {MaxIdempotencyKeyLength} characters.");

        var read = await JsonBody.ReadObjectAsync(http.Request, MaxBodyBytes, ct);
        if (read.Refusal is not null) return read.Refusal;
        var payload = read.Body!;

        if (EventNameError(payload) is { } error) return ApiJson.Error(StatusCodes.Status422UnprocessableEntity, error);

        var result = await PublishAsync(publisher, caller.AccountId, payload, key, ct);
        if (result.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        else Log.EventAccepted(loggers.CreateLogger(typeof(EventsApi)), EventPublisher.EventName(payload)!, caller.AccountId, result.Deliveries);
        return ApiJson.Ok(new Accepted(result.EventId, result.Deliveries), StatusCodes.Status202Accepted);
    }

    /// <summary>Why the payload's <c>event</c> key cannot be accepted, or null when it names a catalog event.</summary>
    public static string? EventNameError(JsonObject payload)
    {
        if (!payload.TryGetPropertyValue("event", out var node) || node is null)
            return "The payload needs an \"event\" key naming the event, e.g. \"message_created\".";
        if (node is not JsonValue value || !value.TryGetValue<string>(out var name))
            return "The \"event\" key must be a string naming the event, e.g. \"message_created\".";
        return EventCatalog.IsKnown(name)
            ? null
            : $"Unknown event \"{Truncate(name)}\". Known events: {string.Join(", ", EventCatalog.All.Select(e => e.Name))}.";
    }

    // Two requests with one key cannot both store an event: the key is looked up in the writer's transaction (OutboxWriter).
    private static Task<PublishResult> PublishAsync(IEventPublisher publisher, int accountId, JsonObject payload, string? key, CancellationToken ct) =>
        publisher.PublishAsync(accountId, payload, key, ct);

    private static string Truncate(string name) => name.Length <= 64 ? name : name[..64] + "…";
}
