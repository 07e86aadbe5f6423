using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

/// <summary>The test-fire offered where admins are: right after creating a webhook, and on every row of the list.</summary>
public sealed class WebhookTestActionFlowTests(BrowserFixture browser) : AppWithReceiverTest
{
    [Fact]
    public async Task Admin_creates_a_webhook_sends_a_test_from_the_modal_and_again_from_the_row()
    {
        Receiver.Script("/new", Reply.Ok("first"), Reply.Error(503, "maintenance"));
        var account = await App.DemoAccountIdAsync();
        await using var session = await BrowserSession.OpenAsync(browser, App.ServerAddress, nameof(Admin_creates_a_webhook_sends_a_test_from_the_modal_and_again_from_the_row));
        var page = session.Page;
        await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword, $"/accounts/{account}/settings/integrations/webhooks");

        await page.ClickAsync("[data-testid=add-webhook]");
        await page.FillAsync("#webhook-url", Receiver.Url("/new"));
        await page.GetByText("Message created (message_created)").ClickAsync();
        await page.ClickAsync("[data-testid=dialog-save]");
        await Assertions.Expect(page.Locator("[data-testid=created-message]")).ToBeVisibleAsync();

        // Offered right after creation: the modal gives way to the test dialog.
        await page.ClickAsync("[data-testid=dialog-send-test]");
        await Assertions.Expect(page.GetByTestId("test-fire-dialog")).ToBeVisibleAsync();
        await page.GetByTestId("test-send").ClickAsync();
        await Assertions.Expect(page.GetByTestId("test-result-status")).ToContainTextAsync("HTTP 200");
        await session.ScreenshotAsync("test-after-create");
        await page.GetByTestId("test-close").ClickAsync();

        // And from the row of the list, with the receiver's failure in words.
        await page.GetByTestId("test-webhook").ClickAsync();
        await page.GetByTestId("test-send").ClickAsync();
        await Assertions.Expect(page.GetByTestId("test-result-status")).ToContainTextAsync("HTTP 503");
        await Assertions.Expect(page.GetByTestId("test-result-body")).ToContainTextAsync("maintenance");
        await session.ScreenshotAsync("test-from-row");

        var requests = Receiver.To("/new");
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Contains("\"event\":\"message_created\"", r.Body));
        Assert.NotEqual(requests[0].Headers["webhook-id"], requests[1].Headers["webhook-id"]); // two separate test deliveries
        var webhook = Assert.Single(await App.Services.GetRequiredService<WebhookService>().ListAsync(account, ct: TestContext.Current.CancellationToken));
        Assert.Equal(Receiver.Url("/new"), webhook.Url);
    }
}
