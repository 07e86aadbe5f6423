using System.Text.Json.Nodes;
using Dashboard.Events;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

/// <summary>Settings → Integrations → Webhooks → Events: the catalogue opened from the webhooks list, a sample seen and copied.</summary>
public sealed class EventCatalogueFlowTests(BrowserFixture browser, DashboardFactory app) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Admin_opens_the_event_catalogue_from_the_webhooks_page_and_copies_a_sample()
    {
        var (accountId, email, password, _) = await app.CreateAccountAsync("Catalogue Flow Co");
        await using var session = await BrowserSession.OpenAsync(browser, app.ServerAddress, nameof(Admin_opens_the_event_catalogue_from_the_webhooks_page_and_copies_a_sample));
        var page = session.Page;
        // The system clipboard is shared by tests running in parallel: this page records what it is asked to copy instead.
        await page.AddInitScriptAsync("navigator.clipboard.writeText = text => { window.__copied = text; return Promise.resolve(); };");
        await session.SignInAsync(email, password, $"/accounts/{accountId}/settings/integrations/webhooks");

        await page.GetByTestId("event-catalogue-link").ClickAsync();

        await page.WaitForURLAsync(url => url.EndsWith($"/accounts/{accountId}/settings/integrations/webhooks/events", StringComparison.Ordinal));
        await session.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Events");
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        await Assertions.Expect(page.GetByRole(AriaRole.Main)).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("catalogue-event")).ToHaveCountAsync(EventCatalog.All.Count);
        var message = page.Locator("[data-testid=catalogue-event][data-event=message_created]");
        await Assertions.Expect(message.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Message created");
        await Assertions.Expect(message.GetByTestId("event-sample")).ToContainTextAsync("\"event\": \"message_created\"");
        await session.ScreenshotAsync("catalogue");

        await message.GetByRole(AriaRole.Button, new() { Name = "Copy sample payload of Message created" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Sample payload of Message created copied to the clipboard.")).ToBeVisibleAsync();
        var copied = JsonNode.Parse(await page.EvaluateAsync<string>("() => window.__copied"))!.AsObject();
        Assert.True(JsonNode.DeepEquals(EventSamples.For("message_created", accountId, "Catalogue Flow Co"), copied));
        await session.ScreenshotAsync("copied");
    }
}
