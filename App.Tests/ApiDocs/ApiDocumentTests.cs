using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dashboard.ApiDocs;
using Dashboard.Platform;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Dashboard.Tests.ApiDocs;

/// <summary>
/// <c>/openapi/v1.json</c> fetched over real HTTP from the running app, held against the routes the app really maps: every
/// API route is in it with who may call it, the Platform API and the platform-token rule too, and nothing but the API.
/// </summary>
public sealed partial class ApiDocumentTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private readonly HttpClient _client = app.CreateRealClient();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonObject> DocumentAsync()
    {
        var response = await _client.GetAsync(ApiDocsPaths.Document, Ct); // no token: the document is public
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
    }

    /// <summary>Every method of every endpoint the app maps under /api and /platform/api (the JSON fallbacks aside), as the document spells its path.</summary>
    private IEnumerable<(string Method, string Path, RouteEndpoint Endpoint)> ApiRoutes() =>
        from endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        let raw = endpoint.RoutePattern.RawText ?? ""
        where (raw == "/api" || raw.StartsWith("/api/", StringComparison.Ordinal) || raw.StartsWith("/platform/api/", StringComparison.Ordinal))
              && !raw.Contains("{**", StringComparison.Ordinal)
        from method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []
        // A group's "" route keeps the group's trailing slash in its raw text; it matches either way, and the document has none.
        select (method.ToLowerInvariant(), Constraint().Replace(raw, "{$1}").TrimEnd('/'), endpoint);

    [Fact]
    public async Task Every_api_route_is_in_the_document_with_a_summary_a_section_its_answers_and_who_may_call_it()
    {
        var paths = (await DocumentAsync())["paths"]!.AsObject();
        var routes = ApiRoutes().ToList();
        Assert.True(routes.Count >= 20, $"only {routes.Count} API routes found: the enumeration is wrong");

        foreach (var (method, path, endpoint) in routes)
        {
            var operation = paths[path]?[method]?.AsObject();
            Assert.True(operation is not null, $"{method.ToUpperInvariant()} {path} is mapped but not in the document");
            var name = $"{method.ToUpperInvariant()} {path}";
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{name}: no summary");
            Assert.NotEmpty(operation["tags"]!.AsArray());
            var responses = operation["responses"]!.AsObject();
            Assert.Contains(responses, r => r.Key.StartsWith('2'));
            Assert.All(responses, r => Assert.False(string.IsNullOrWhiteSpace(r.Value!["description"]?.GetValue<string>()), $"{name} {r.Key}: no description"));
            Assert.Contains(TokenRules.Lead, operation["description"]?.GetValue<string>() ?? "");

            var security = operation["security"]?.AsArray() ?? [];
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                Assert.True(security.Count == 0, $"{name} is public but the document asks for a token");
                continue;
            }
            Assert.True(security.Any(s => s!.AsObject().ContainsKey(TokenRules.SchemeName)), $"{name}: no {TokenRules.SchemeName} requirement");
            Assert.True(responses.ContainsKey("401"), $"{name}: no 401");
        }
    }

    [Fact]
    public async Task The_document_holds_the_api_only_not_pages_sign_in_health_or_metrics()
    {
        var documented = (await DocumentAsync())["paths"]!.AsObject().Select(p => p.Key).ToList();

        Assert.All(documented, p => Assert.Matches("^/(platform/)?api(/|$)", p));
        Assert.Equal(ApiRoutes().Select(r => r.Path).Distinct().Order(), documented.Order());
    }

    [Fact]
    public async Task The_document_describes_the_Platform_API_and_the_platform_token_rule()
    {
        var document = await DocumentAsync();
        var paths = document["paths"]!.AsObject();

        foreach (var path in (string[])["/platform/api/v1/accounts", "/platform/api/v1/accounts/{id}", "/platform/api/v1/users", "/platform/api/v1/users/{id}",
                                        "/platform/api/v1/users/{id}/login", "/platform/api/v1/accounts/{id}/account_users"])
            Assert.True(paths.ContainsKey(path), $"{path} is not in the document");
        var scheme = document["components"]!["securitySchemes"]![TokenRules.SchemeName]!;
        Assert.Equal(("apiKey", "header", "api_access_token"), (scheme["type"]!.GetValue<string>(), scheme["in"]!.GetValue<string>(), scheme["name"]!.GetValue<string>()));
        Assert.Contains(PlatformApps.TokenPrefix, scheme["description"]!.GetValue<string>());

        // The rule, on the routes it is about: events in, and the webhooks API.
        Assert.Contains(TokenRules.PlatformTokenRule, paths["/api/v1/accounts/{accountId}/events"]!["post"]!["description"]!.GetValue<string>());
        foreach (var (method, operation) in paths["/api/v1/accounts/{accountId}/webhooks"]!.AsObject().Concat(paths["/api/v1/accounts/{accountId}/webhooks/{id}"]!.AsObject()))
            Assert.True(operation!["description"]!.GetValue<string>().Contains(TokenRules.PlatformTokenRule, StringComparison.Ordinal), $"{method} webhooks: no platform-token rule");
        Assert.Contains("every account the app may reach", document["info"]!["description"]!.GetValue<string>());
        Assert.Contains("Personal tokens of administrators keep working", document["info"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_route_that_takes_a_body_has_its_schema_and_an_example()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();
        var withBody = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(o => o.Key is "post" or "patch" or "put").Select(o => ($"{o.Key} {p.Key}", o.Value!)))
            .ToList();

        Assert.NotEmpty(withBody);
        foreach (var (name, operation) in withBody)
        {
            var json = operation["requestBody"]?["content"]?["application/json"];
            Assert.True(json is not null, $"{name}: no JSON request body");
            var reference = json["schema"]!["$ref"]!.GetValue<string>();
            Assert.True(schemas.ContainsKey(reference.Split('/')[^1]), $"{name}: {reference} missing");
            Assert.IsType<JsonObject>(json["example"]);
        }
    }

    [Fact]
    public async Task The_document_is_valid_OpenAPI()
    {
        var text = await _client.GetStringAsync(ApiDocsPaths.Document, Ct);

        var (document, diagnostic) = OpenApiDocument.Parse(text, "json");

        Assert.Empty(diagnostic!.Errors.Select(e => e.ToString()));
        Assert.Empty(document!.Validate(ValidationRuleSet.GetDefaultRuleSet()).Select(e => e.ToString()));
    }

    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\}")]
    private static partial Regex Constraint();
}
