using System.Text.Json.Nodes;
using Dashboard.ApiDocs;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

/// <summary>
/// The API documentation page: a signed-out developer reads every route of the document, light and dark, on a desktop and
/// a phone (axe finds nothing critical or serious; screenshots in artifacts/screenshots/); an administrator finds it from
/// the API token card.
/// </summary>
public sealed class ApiDocsFlowTests(BrowserFixture browser, DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private static readonly (string Name, int Width, int Height)[] Screens = [("desktop", 1440, 900), ("phone", 390, 844)];

    private async Task<int> DocumentedOperationsAsync()
    {
        using var client = app.CreateRealClient();
        var paths = JsonNode.Parse(await client.GetStringAsync(ApiDocsPaths.Document, TestContext.Current.CancellationToken))!["paths"]!.AsObject();
        return paths.Sum(p => p.Value!.AsObject().Count);
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task A_signed_out_visitor_reads_every_route_on_a_desktop_and_a_phone(ColorScheme scheme)
    {
        var operations = await DocumentedOperationsAsync();
        var theme = scheme.ToString().ToLowerInvariant();
        await using var session = await BrowserSession.OpenAsync(browser, app.ServerAddress, $"{nameof(A_signed_out_visitor_reads_every_route_on_a_desktop_and_a_phone)}-{theme}", scheme);
        var page = session.Page;

        foreach (var (screen, width, height) in Screens)
        {
            await page.SetViewportSizeAsync(width, height);
            await session.GotoAsync(ApiDocsPaths.Page);

            Assert.EndsWith(ApiDocsPaths.Page, page.Url, StringComparison.Ordinal); // no sign-in asked
            await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("API documentation");
            Assert.Equal(1, await page.Locator("h1").CountAsync());
            await Assertions.Expect(page.GetByTestId("api-operation")).ToHaveCountAsync(operations);
            var events = page.Locator("[data-testid=api-operation][data-method=POST][data-path='/api/v1/accounts/{accountId}/events']");
            await Assertions.Expect(events.GetByTestId("api-token-rule")).ToContainTextAsync("for every account the app may reach");
            await Assertions.Expect(page.GetByTestId("openapi-link")).ToHaveAttributeAsync("href", ApiDocsPaths.Document);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{screen}: the page scrolls sideways");
            await session.ScreenshotAsync(screen);
            await page.AssertNoSeriousAxeViolationsAsync($"{session.Name}-{screen}");
        }

        // A section of the contents takes the reader to it, on this page (the base is "/").
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Sections of the API" }).GetByRole(AriaRole.Link, new() { Name = "Platform: account_users" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Platform: account_users", Level = 2 })).ToBeInViewportAsync();
        Assert.Contains($"{ApiDocsPaths.Page}#platform-account-users", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_finds_the_documentation_from_the_API_token_card()
    {
        var (_, email, password, _) = await app.CreateAccountAsync("Docs Reader Co");
        await using var session = await BrowserSession.OpenAsync(browser, app.ServerAddress, nameof(An_administrator_finds_the_documentation_from_the_API_token_card));
        var page = session.Page;
        await session.SignInAsync(email, password, "/profile");
        await Assertions.Expect(page.GetByTestId("api-token-card")).ToBeVisibleAsync();
        await session.ScreenshotAsync("profile");

        await page.GetByTestId("api-token-card").GetByRole(AriaRole.Link, new() { Name = "API documentation" }).ClickAsync();

        await page.WaitForURLAsync(url => url.EndsWith(ApiDocsPaths.Page, StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("API documentation");
        await Assertions.Expect(page.GetByTestId("api-section")).ToHaveCountAsync(Dashboard.Api.ApiTags.InOrder.Count);
        await session.ScreenshotAsync("from-profile");
    }
}
