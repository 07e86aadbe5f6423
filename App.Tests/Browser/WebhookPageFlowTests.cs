using Dashboard.Dispatch;
using Dashboard.Deliveries;
using Dashboard.Events;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

/// <summary>The webhook's own page: its health, figures, disable/enable, and recover with progress.</summary>
public sealed class WebhookPageFlowTests(BrowserFixture browser) : AppWithReceiverTest
{
    [Fact]
    public async Task Admin_sees_figures_disables_and_enables_and_recovers_failed_deliveries_with_progress()
    {
        // Three test-fires fail, one succeeds; then the receiver is healthy again for the recover.
        Receiver.Script("/hook", Reply.Error(502, "bad gateway"), Reply.Error(502, "bad gateway"), Reply.Ok(), Reply.Error(502, "bad gateway"), Reply.Ok());
        var account = await App.DemoAccountIdAsync();
        var webhook = (await App.Services.GetRequiredService<WebhookService>()
            .CreateAsync(account, new WebhookInput(Receiver.Url("/hook"), "CRM sync", ["message_created"]), TestContext.Current.CancellationToken)).Webhook!;
        var manual = App.Services.GetRequiredService<ManualDelivery>();
        for (var i = 0; i < 4; i++)
            await manual.TestFireAsync(account, webhook.Id, "message_created", EventSamples.For("message_created", account, "Acme Support").ToJsonString(), TestContext.Current.CancellationToken);

        await using var session = await BrowserSession.OpenAsync(browser, App.ServerAddress, nameof(Admin_sees_figures_disables_and_enables_and_recovers_failed_deliveries_with_progress));
        var page = session.Page;
        await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword, $"/accounts/{account}/settings/integrations/webhooks/{webhook.Id}");

        await Assertions.Expect(page.GetByTestId("success-rate")).ToHaveTextAsync("25.0%");
        await Assertions.Expect(page.GetByTestId("attempts")).ToHaveTextAsync("4");
        await Assertions.Expect(page.GetByTestId("delivery-link")).ToHaveCountAsync(4);
        await session.ScreenshotAsync("figures");

        await page.GetByTestId("disable").ClickAsync();
        await page.GetByTestId("confirm-yes").ClickAsync();
        await Assertions.Expect(page.GetByTestId("health")).ToContainTextAsync("Disabled by an admin (since");
        await session.ScreenshotAsync("disabled");
        await page.GetByTestId("enable").ClickAsync();
        await Assertions.Expect(page.GetByTestId("health")).ToContainTextAsync("Active");

        await page.GetByTestId("recover-start").ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirm-dialog")).ToContainTextAsync("3 failed deliveries are sent again now");
        await page.GetByTestId("confirm-yes").ClickAsync();
        await Assertions.Expect(page.GetByTestId("recover-progress")).ToContainTextAsync("Done: all 3 resent and accepted.");
        await Assertions.Expect(page.GetByTestId("recover-bar")).ToHaveAttributeAsync("data-outcome", "succeeded");
        await Assertions.Expect(page.GetByTestId("attempts")).ToHaveTextAsync("7");
        await session.ScreenshotAsync("recovered");
        Assert.Equal(7, Receiver.To("/hook").Count);
    }
}
