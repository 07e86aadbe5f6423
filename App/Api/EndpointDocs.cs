using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Api;

/// <summary>
/// A JSON request body, for the API's documentation: its shape, an example written as the API writes JSON, and whether
/// the route may go without one. Not ASP.NET's <c>Accepts</c>, whose metadata also routes by <c>Content-Type</c>: the
/// handlers answer a wrong one themselves, with the API's JSON 415.
/// </summary>
public sealed record JsonRequestDoc(Type Schema, string ExampleJson, bool Optional);

/// <summary>A header or query parameter that a handler reads by hand, for the API's documentation.</summary>
public sealed record ParameterDoc(string Name, bool InHeader, string Description);

/// <summary>
/// What a route takes and answers, declared where it is mapped, for the OpenAPI document (<c>/openapi/v1.json</c>).
/// The handlers read their bodies by hand (the exact bytes, the platform's wrapping and wording), so the framework can
/// infer nothing of them: these say what the code does, and tests call the routes to hold them to it.
/// </summary>
public static class EndpointDocs
{
    private const string Json = "application/json";

    // Examples leave out what they do not set, as a client would.
    private static readonly JsonSerializerOptions ExampleOptions = new(ApiJson.Options) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The application API's 401s (<see cref="ApiAuthorization"/>), in the platform's texts.</summary>
    public const string AccountApiRefusal =
        $"`{ApiAuthorization.InvalidTokenMessage}`: no token, or an unknown one; `{ApiAuthorization.NotMemberMessage}`: not a member of the "
        + $"account (or no such account), or a platform app that may not reach it; `{ApiAuthorization.NotAdministratorMessage}`: an agent's token";

    /// <summary>Who may call (<see cref="ApiCallers"/>), and the 401 that answers everyone else.</summary>
    public static TBuilder CalledBy<TBuilder>(this TBuilder route, ApiCallers callers, string refusal) where TBuilder : IEndpointConventionBuilder =>
        route.WithMetadata(new ApiCallersMetadata(callers)).Refuses(StatusCodes.Status401Unauthorized, refusal);

    /// <summary>
    /// A JSON object body of shape <typeparamref name="TSchema"/>, read by <see cref="JsonBody"/> with its refusals (400,
    /// 413, 415), with <paramref name="example"/> shown as the body to send. <paramref name="alsoBadWhen"/>: the route's
    /// own reasons for a 400; <paramref name="optional"/>: the route may go without a body.
    /// </summary>
    public static RouteHandlerBuilder AcceptsJson<TSchema>(this RouteHandlerBuilder route, object example, int maxBytes, string? alsoBadWhen = null,
        bool optional = false) where TSchema : notnull =>
        route.WithMetadata(new JsonRequestDoc(typeof(TSchema), JsonSerializer.Serialize(example, ExampleOptions), optional))
            .Refuses(StatusCodes.Status400BadRequest, "The body is not one JSON object: malformed, not UTF-8, empty, or a key twice"
                                                      + (alsoBadWhen is null ? "" : "; or " + alsoBadWhen))
            .Refuses(StatusCodes.Status413PayloadTooLarge, $"The body is over {maxBytes / 1024} KB")
            .Refuses(StatusCodes.Status415UnsupportedMediaType, "`Content-Type` is not JSON");

    public static RouteHandlerBuilder Returns<TBody>(this RouteHandlerBuilder route, int status, string description) =>
        route.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(TBody), [Json]) { Description = description });

    /// <summary>An answer without a body (the platform's <c>head :ok</c>).</summary>
    public static RouteHandlerBuilder ReturnsNoBody(this RouteHandlerBuilder route, int status, string description) =>
        route.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(void), []) { Description = description });

    /// <summary>A refusal, <c>{"error": "…"}</c> (<see cref="ApiJson.ErrorBody"/>).</summary>
    public static TBuilder Refuses<TBuilder>(this TBuilder route, int status, string description) where TBuilder : IEndpointConventionBuilder =>
        route.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ApiJson.ErrorBody), [Json]) { Description = description });

    /// <summary>An invalid record: 422 <c>{"message": "…", "attributes": […]}</c> (<see cref="ApiJson.InvalidBody"/>).</summary>
    public static RouteHandlerBuilder RefusesInvalid(this RouteHandlerBuilder route, string description) =>
        route.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status422UnprocessableEntity, typeof(ApiJson.InvalidBody), [Json]) { Description = description });

    public static RouteHandlerBuilder WithHeaderParameter(this RouteHandlerBuilder route, string name, string description) =>
        route.WithMetadata(new ParameterDoc(name, InHeader: true, description));

    public static RouteHandlerBuilder WithQueryParameter(this RouteHandlerBuilder route, string name, string description) =>
        route.WithMetadata(new ParameterDoc(name, InHeader: false, description));
}
