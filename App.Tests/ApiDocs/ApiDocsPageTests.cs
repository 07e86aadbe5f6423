using System.Text.Json.Nodes;
using Bunit;
using Dashboard.Api;
using Dashboard.ApiDocs;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Tests.ApiDocs;

/// <summary>The API documentation page rendered with bunit from the running app's own OpenAPI document provider.</summary>
public sealed class ApiDocsPageTests : BunitContext, IClassFixture<DashboardFactory>
{
    private readonly DashboardFactory _app;

    public ApiDocsPageTests(DashboardFactory app)
    {
        _app = app;
        JSInterop.Mode = JSRuntimeMode.Loose;
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        Services.AddMudServices();
        app.StartServer();
        Services.AddKeyedSingleton(ApiDocsPaths.DocumentName, app.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>(ApiDocsPaths.DocumentName));
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private IRenderedComponent<ApiDocsPage> RenderPage()
    {
        var cut = Render<ApiDocsPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=api-operation]")));
        return cut;
    }

    /// <summary>Every operation of /openapi/v1.json as the page marks it: "METHOD path".</summary>
    private async Task<List<string>> DocumentedAsync()
    {
        using var client = _app.CreateRealClient();
        var paths = JsonNode.Parse(await client.GetStringAsync(ApiDocsPaths.Document, Ct))!["paths"]!.AsObject();
        return paths.SelectMany(p => p.Value!.AsObject().Select(o => $"{o.Key.ToUpperInvariant()} {p.Key}")).Order().ToList();
    }

    [Fact]
    public async Task Every_operation_of_the_document_is_shown_once_in_its_section_in_the_documents_order()
    {
        var cut = RenderPage();

        var shown = cut.FindAll("[data-testid=api-operation]").Select(o => $"{o.GetAttribute("data-method")} {o.GetAttribute("data-path")}").ToList();
        Assert.Equal(await DocumentedAsync(), shown.Order());
        Assert.Equal(ApiTags.InOrder, cut.FindAll("[data-testid=api-section]").Select(s => s.GetAttribute("data-section")));
        Assert.Equal("API documentation", Assert.Single(cut.FindAll("h1")).TextContent.Trim());
        Assert.Equal(ApiDocsPaths.Document, cut.Find("[data-testid=openapi-link]").GetAttribute("href"));
    }

    [Fact]
    public void Each_route_shows_its_method_path_summary_rule_example_and_answers()
    {
        var cut = RenderPage();

        var events = cut.Find("[data-testid=api-operation][data-method=POST][data-path='/api/v1/accounts/{accountId}/events']");
        Assert.Equal("Send an event", events.QuerySelector("[data-testid=api-summary]")!.TextContent.Trim());
        Assert.Contains(TokenRules.PlatformTokenRule.Replace("`", ""), events.QuerySelector("[data-testid=api-token-rule]")!.TextContent);
        var request = events.QuerySelector("[data-testid=api-request]")!.TextContent;
        Assert.Contains("-X POST \"http://localhost/api/v1/accounts/{accountId}/events\"", request);
        Assert.Contains("-H \"api_access_token: $TOKEN\"", request);
        Assert.Contains("\"event\": \"message_created\"", request);
        Assert.Equal(["202", "400", "401", "413", "415", "422", "429"], events.QuerySelectorAll("[data-testid=api-answers] tbody tr").Select(r => r.GetAttribute("data-status")));

        // A public route asks for no token; a Platform API route asks for the platform app's.
        var status = cut.Find("[data-testid=api-operation][data-method=GET][data-path='/api']");
        Assert.DoesNotContain("api_access_token", status.QuerySelector("[data-testid=api-request]")!.TextContent);
        Assert.Contains("none: this route is public", status.QuerySelector("[data-testid=api-token-rule]")!.TextContent);
        var login = cut.Find("[data-testid=api-operation][data-method=GET][data-path='/platform/api/v1/users/{id}/login']");
        Assert.Contains("a platform app's token (dshp_…", login.QuerySelector("[data-testid=api-token-rule]")!.TextContent);
    }

    [Fact]
    public void Markdown_code_in_descriptions_is_drawn_as_code_not_as_backticks()
    {
        var cut = RenderPage();

        Assert.DoesNotContain("`", cut.Markup);
        Assert.Contains(cut.FindAll("code.api-code"), c => c.TextContent == "Idempotency-Key");
    }

    [Fact]
    public void The_pages_route_is_the_one_every_link_spells()
    {
        var route = (RouteAttribute)Attribute.GetCustomAttribute(typeof(ApiDocsPage), typeof(RouteAttribute))!;
        Assert.Equal(ApiDocsPaths.Page, route.Template);
        var card = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "App", "Accounts", "ApiTokenCard.razor"));
        Assert.Contains($"Href=\"{ApiDocsPaths.Page}\"", card);
    }
}
