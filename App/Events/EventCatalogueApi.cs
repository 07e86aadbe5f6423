using System.Text.Json;
using Dashboard.Api;

namespace Dashboard.Events;

/// <summary>
/// <c>GET /api/v1/events/catalog</c>: every event with its label, when it fires and a sample payload, as JSON. Public, like
/// the platform's help pages: it describes shapes and holds no account's data (samples show a placeholder account); every
/// route under <c>/api/v1/accounts/{id}</c> still needs an administrator's token.
/// </summary>
public static class EventCatalogueApi
{
    public const string Path = "/api/v1/events/catalog";

    /// <summary>The answer: the events in the settings modal's order (API-only ones last).</summary>
    public sealed record Catalogue(IReadOnlyList<EventCatalogueEntry> Events);

    // Serialised once: the catalogue changes only with a release, and shared JSON nodes are not safe to read from many threads.
    private static readonly byte[] Body = JsonSerializer.SerializeToUtf8Bytes(new Catalogue(EventCatalogue.Entries()), ApiJson.Options);

    public static IEndpointRouteBuilder MapEventCatalogueApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(Body, "application/json; charset=utf-8");
        }).AllowAnonymous().WithTags(ApiTags.Events)
            .WithSummary("The event catalogue")
            .WithDescription("Every event a webhook can subscribe to: its name, label, when it is sent and a sample payload (of a placeholder "
                             + "account). Public, like the platform's help pages: it shows shapes, never an account's data.")
            .Returns<Catalogue>(StatusCodes.Status200OK, "The events, in the settings modal's order");
        return app;
    }
}
