using System.Text.Json.Nodes;
using Dashboard.Events;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

/// <summary>"Did my receiver get it, what did it answer, send it again": answered from the UI alone.</summary>
public sealed class DeliveryLogFlowTests(BrowserFixture browser) : AppWithReceiverTest
{
    [Fact]
    public async Task Admin_sends_a_test_opens_it_in_the_log_and_resends_it_and_sees_the_second_attempt_live()
    {
        // The receiver first refuses with an HTML page (shown as text), then accepts.
        Receiver.Script("/hook", new Reply(500, "<h1>Oops</h1><script>alert(1)</script>", "text/html"), new Reply(200, """{"received":true}""", "application/json"));
        var account = await App.DemoAccountIdAsync();
        var created = await App.Services.GetRequiredService<WebhookService>()
            .CreateAsync(account, new WebhookInput(Receiver.Url("/hook"), "Order system", ["message_created", "contact_created"]), TestContext.Current.CancellationToken);
        var webhook = created.Webhook!;
        await using var session = await BrowserSession.OpenAsync(browser, App.ServerAddress, nameof(Admin_sends_a_test_opens_it_in_the_log_and_resends_it_and_sees_the_second_attempt_live));
        var page = session.Page;
        await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword, $"/accounts/{account}/settings/integrations/webhooks/{webhook.Id}");

        await Assertions.Expect(page.GetByTestId("webhook-title")).ToHaveTextAsync("Order system");
        await Assertions.Expect(page.GetByTestId("health")).ToContainTextAsync("Active");
        await session.ScreenshotAsync("webhook-page");

        await page.GetByTestId("send-test").ClickAsync();
        await Assertions.Expect(page.GetByTestId("test-payload")).ToContainTextAsync("\"event\": \"message_created\"");
        await session.ScreenshotAsync("test-dialog");
        await page.GetByTestId("test-send").ClickAsync();
        await Assertions.Expect(page.GetByTestId("test-result-status")).ToContainTextAsync("HTTP 500");
        await Assertions.Expect(page.GetByTestId("test-result-body")).ToContainTextAsync("<script>alert(1)</script>");
        await session.ScreenshotAsync("test-result");
        Assert.Single(Receiver.To("/hook"));

        await page.GetByTestId("test-result-link").ClickAsync();
        await page.WaitForURLAsync("**/deliveries/*");
        await Assertions.Expect(page.GetByTestId("attempt")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("trigger")).ToHaveTextAsync("Test");
        await Assertions.Expect(page.GetByTestId("response-body").First).ToContainTextAsync("<h1>Oops</h1>");
        Assert.Equal(0, await page.Locator("[data-testid=attempt] h1").CountAsync()); // the receiver's HTML is text, not markup

        // The log lists it; opening the row lands on the same delivery.
        await session.GotoAsync($"/accounts/{account}/deliveries");
        await Assertions.Expect(page.GetByTestId("delivery-link")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("status-chip").First).ToHaveTextAsync("Failed");

        // An event published now is delivered by the dispatcher and shows up in the open log without a reload.
        await App.Services.GetRequiredService<IEventPublisher>().PublishAsync(account, new JsonObject { ["event"] = "contact_created", ["id"] = 7 }, ct: TestContext.Current.CancellationToken);
        await Assertions.Expect(page.GetByTestId("delivery-link")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("delivery-link").First).ToHaveTextAsync("Contact created");
        await Assertions.Expect(page.GetByTestId("status-chip").First).ToHaveTextAsync("Succeeded");
        await session.ScreenshotAsync("log");
        await page.GetByTestId("delivery-link").Last.ClickAsync();
        await page.WaitForURLAsync("**/deliveries/*");
        await Assertions.Expect(page.GetByTestId("attempt")).ToHaveCountAsync(1);

        await page.GetByTestId("resend").ClickAsync();

        await Assertions.Expect(page.GetByTestId("attempt")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("trigger").First).ToHaveTextAsync("Manual resend");
        await Assertions.Expect(page.GetByTestId("http-status").First).ToHaveTextAsync("HTTP 200");
        await Assertions.Expect(page.GetByTestId("status-chip").First).ToHaveTextAsync("Succeeded");
        await Assertions.Expect(page.GetByTestId("response-body").First).ToContainTextAsync("\"received\": true");
        await session.ScreenshotAsync("after-resend");
        Assert.Equal(3, Receiver.To("/hook").Count);
    }
}
