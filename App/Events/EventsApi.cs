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

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapAccountApi("/events").MapPost("", PostAsync).WithMetadata(IngestionEndpoint.Marker).RequireRateLimiting(ApiRateLimits.Ingestion);
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
