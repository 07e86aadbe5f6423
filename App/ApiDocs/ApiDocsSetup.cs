using System.Text.Json.Serialization;
using Dashboard.Api;

namespace Dashboard.ApiDocs;

/// <summary>
/// The OpenAPI document of the application API and the Platform API (<see cref="ApiDocsPaths.Document"/>), built from the
/// endpoints themselves (their summaries, bodies and answers, declared where they are mapped) and completed by
/// <see cref="ApiDocumentTransformer"/> and <see cref="ApiOperationTransformer"/>; the page reads the same document.
/// </summary>
public static class ApiDocsSetup
{
    public static IHostApplicationBuilder AddApiDocs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(ApiDocsPaths.DocumentName, options =>
        {
            // Programs' routes only: pages, sign-in forms, /app/login, health and metrics are not an API.
            options.ShouldInclude = description => IsApi(description.RelativePath);
            options.AddDocumentTransformer<ApiDocumentTransformer>();
            options.AddOperationTransformer<ApiOperationTransformer>();
        });
        // The schemas follow the minimal APIs' JSON options, but the API writes with ApiJson.Options and reads bodies by
        // hand: names as it writes them (snake_case), and numbers as numbers (the web default also reads "5" for 5, which
        // would make every integer "integer or string"). No handler binds a body through these options.
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = ApiJson.Options.PropertyNamingPolicy;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        return builder;
    }

    /// <summary>The document at <see cref="ApiDocsPaths.Document"/>: public, like the event catalogue (shapes, no account's data).</summary>
    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        return app;
    }

    /// <summary>An ApiExplorer path (no leading slash) under <c>/api</c> or <c>/platform/api</c>.</summary>
    public static bool IsApi(string? relativePath) =>
        relativePath is not null && (relativePath == "api" || relativePath.StartsWith("api/", StringComparison.Ordinal)
                                     || relativePath.StartsWith("platform/api/", StringComparison.Ordinal));
}
