using System.Text.Json.Nodes;

namespace Dashboard.Events;

/// <summary>One event as the catalogue shows it: what <see cref="EventCatalog"/> says of it and its sample payload.</summary>
/// <param name="Selectable">A checkbox in the settings modal; false: subscribable through the API only.</param>
public sealed record EventCatalogueEntry(string Name, string Label, string Description, bool Selectable, JsonObject Sample);

/// <summary>
/// The event catalogue (the Events page and <c>GET /api/v1/events/catalog</c>): nothing of its own, only
/// <see cref="EventCatalog"/>'s names, labels and descriptions beside <see cref="EventSamples"/>' payloads.
/// </summary>
public static class EventCatalogue
{
    /// <summary>The account the samples show when no account is at hand (the public JSON).</summary>
    public const int PlaceholderAccountId = 1;
    public const string PlaceholderAccountName = "Acme Support";

    public static IReadOnlyList<EventCatalogueEntry> Entries(int accountId = PlaceholderAccountId, string accountName = PlaceholderAccountName) =>
        EventCatalog.All.Select(e => new EventCatalogueEntry(e.Name, e.Label, e.Description, e.Selectable, EventSamples.For(e.Name, accountId, accountName))).ToList();
}
