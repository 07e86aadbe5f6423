using System.Text.Json.Nodes;

namespace Dashboard.Events;

/// <summary>What publishing answered: the event, how many deliveries it created, and whether an earlier identical request was replayed.</summary>
public sealed record PublishResult(Guid EventId, int Deliveries, bool Replayed);

/// <summary>
/// The one way events enter: the ingestion API, in-app code and the benchmark all call this.
/// A <see cref="JsonObject"/> payload is serialised once (<see cref="EventJson"/>); a <see cref="RawEvent"/> is sent as received, with its <c>event</c> key naming a catalog event.
/// </summary>
public interface IEventPublisher
{
    /// <exception cref="ArgumentException">The payload has no known <c>event</c> name.</exception>
    Task<PublishResult> PublishAsync(int accountId, JsonObject payload, string? idempotencyKey = null, CancellationToken ct = default);

    /// <summary>Publishes a body received as it is: receivers get exactly its bytes.</summary>
    Task<PublishResult> PublishAsync(int accountId, RawEvent payload, string? idempotencyKey = null, CancellationToken ct = default);
}
