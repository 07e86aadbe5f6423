using System.Text;
using System.Text.Json.Nodes;

namespace Dashboard.Events;

/// <summary>
/// The outbox write: the event and one pending delivery per subscribed active webhook, committed together by the
/// <see cref="OutboxWriter"/>. Only then is the dispatcher woken; if the process dies first, the start-up sweep finds the rows.
/// </summary>
public sealed class EventPublisher(OutboxWriter outbox, TimeProvider time) : IEventPublisher
{
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

    public Task<PublishResult> PublishAsync(int accountId, JsonObject payload, string? idempotencyKey = null, CancellationToken ct = default)
    {
        var name = EventName(payload) ?? throw new ArgumentException("The payload needs an \"event\" key naming a known event.", nameof(payload));
        var now = time.GetUtcNow();
        return outbox.PublishAsync(accountId, name, EventJson.ToText(payload), Guid.CreateVersion7(now), now.UtcDateTime, idempotencyKey);
    }

    public Task<PublishResult> PublishAsync(int accountId, RawEvent payload, string? idempotencyKey = null, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        // The text column holds the same characters; the bytes received are what a hand-off sends (no re-encoding).
        return outbox.PublishAsync(accountId, payload.Name, Encoding.UTF8.GetString(payload.Utf8.Span), Guid.CreateVersion7(now), now.UtcDateTime,
            idempotencyKey, payload.Utf8);
    }

    /// <summary>The known event name in the payload's <c>event</c> key, or null.</summary>
    public static string? EventName(JsonObject payload) =>
        payload["event"] is JsonValue v && v.TryGetValue<string>(out var name) && EventCatalog.IsKnown(name) ? name : null;
}
