using Dashboard.Dispatch;
using Dashboard.Events;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

/// <summary>
/// Every page, light and dark, on a desktop (1440×900) and a phone (390×844): axe finds nothing critical or serious,
/// and a screenshot of each is left in <c>artifacts/screenshots/</c> for people to look at.
/// </summary>
public sealed class AccessibilityTourTests(BrowserFixture browser) : AppWithReceiverTest
{
    private static readonly (string Name, int Width, int Height)[] Screens = [("desktop", 1440, 900), ("phone", 390, 844)];

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Every_page_passes_axe_on_a_desktop_and_a_phone(ColorScheme scheme)
    {
        var (account, webhook, deliveryId) = await SeedAsync();
        var theme = scheme.ToString().ToLowerInvariant();
        await using var session = await BrowserSession.OpenAsync(browser, App.ServerAddress, $"{nameof(Every_page_passes_axe_on_a_desktop_and_a_phone)}-{theme}", scheme);
        var page = session.Page;

        string[] pages =
        [
            $"/accounts/{account}", $"/accounts/{account}/settings/integrations", $"/accounts/{account}/settings/integrations/webhooks",
            $"/accounts/{account}/settings/integrations/webhooks/events", $"/accounts/{account}/settings/integrations/webhooks/{webhook}", $"/accounts/{account}/deliveries",
            $"/accounts/{account}/deliveries/{deliveryId}", "/profile", "/no-such-page",
        ];
        foreach (var (screen, width, height) in Screens)
        {
            await page.SetViewportSizeAsync(width, height);
            await page.Context.ClearCookiesAsync();
            await session.GotoAsync("/account/login");
            await CheckAsync(session, $"{screen}-sign-in");

            await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword, pages[0]);
            foreach (var path in pages)
            {
                await session.GotoAsync(path);
                await Assertions.Expect(page.Locator("main h1")).ToHaveCountAsync(1);
                await Assertions.Expect(page.Locator(".mud-progress-linear")).ToHaveCountAsync(0); // loaded, not a spinner
                await CheckAsync(session, $"{screen}-{PageName(path)}");
            }
        }
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Every_dialog_passes_axe_while_open(ColorScheme scheme)
    {
        var (account, _, _) = await SeedAsync();
        var theme = scheme.ToString().ToLowerInvariant();
        await using var session = await BrowserSession.OpenAsync(browser, App.ServerAddress, $"{nameof(Every_dialog_passes_axe_while_open)}-{theme}", scheme);
        var page = session.Page;
        await page.SetViewportSizeAsync(1440, 900);
        await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword, $"/accounts/{account}/settings/integrations/webhooks");

        await page.GetByRole(AriaRole.Button, new() { Name = "User menu" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Menu)).ToBeVisibleAsync();
        await CheckAsync(session, "user-menu");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Menu)).ToHaveCountAsync(0);

        // Add: empty, then with the errors Create shows, then the created secret.
        await page.GetByTestId("add-webhook").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Add new webhook");
        await CheckAsync(session, "add-webhook");
        await page.GetByTestId("dialog-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("dialog-missing")).ToBeVisibleAsync();
        await CheckAsync(session, "add-webhook-errors");
        await page.FillAsync("#webhook-url", Receiver.Url("/new"));
        await page.GetByText("Message created (message_created)").ClickAsync();
        await page.GetByTestId("dialog-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("created-message")).ToBeVisibleAsync();
        await CheckAsync(session, "webhook-created");

        // Send a test, with its result.
        await page.GetByTestId("dialog-send-test").ClickAsync();
        await page.GetByTestId("test-send").ClickAsync();
        await Assertions.Expect(page.GetByTestId("test-result-status")).ToContainTextAsync("HTTP 200");
        await CheckAsync(session, "test-result");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);

        // Edit, its rotate choice, the question before unsaved edits are dropped, and delete.
        await page.GetByTestId("edit-webhook").First.ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("Edit webhook");
        await CheckAsync(session, "edit-webhook");
        await page.GetByTestId("rotate-secret").ClickAsync();
        await Assertions.Expect(page.GetByTestId("rotate-dialog")).ToBeVisibleAsync();
        await CheckAsync(session, "rotate-secret");
        await page.GetByTestId("rotate-cancel").ClickAsync();
        await Assertions.Expect(page.GetByTestId("rotate-dialog")).ToHaveCountAsync(0);
        await page.FillAsync("#webhook-name", "Changed");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByTestId("confirm-dialog")).ToBeVisibleAsync();
        await CheckAsync(session, "discard-changes");
        await page.GetByTestId("confirm-yes").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);

        await page.GetByTestId("delete-webhook").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirm-dialog")).ToBeVisibleAsync();
        await CheckAsync(session, "delete-confirm");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
    }

    private static async Task CheckAsync(BrowserSession session, string step)
    {
        await session.ScreenshotAsync(step);
        await session.Page.AssertNoSeriousAxeViolationsAsync($"{session.Name}-{step}");
    }

    private static string PageName(string path) => path switch
    {
        "/profile" => "profile",
        "/no-such-page" => "not-found",
        _ when path.Contains("/deliveries/") => "delivery",
        _ when path.EndsWith("/deliveries") => "deliveries",
        _ when path.EndsWith("/webhooks/events") => "event-catalogue",
        _ when path.Contains("/webhooks/") => "webhook",
        _ when path.EndsWith("/webhooks") => "webhooks",
        _ when path.EndsWith("/integrations") => "integrations",
        _ => "account-home",
    };

    /// <summary>Two webhooks with real deliveries: one the receiver accepts, one it refuses (so both states show).</summary>
    private async Task<(int Account, int Webhook, Guid Delivery)> SeedAsync()
    {
        Receiver.Script("/ok", Reply.Ok(), Reply.Ok(), Reply.Ok());
        Receiver.Script("/failing", Reply.Error(500, "boom"), Reply.Error(500, "boom"));
        var account = await App.DemoAccountIdAsync();
        var ct = TestContext.Current.CancellationToken;
        var webhooks = App.Services.GetRequiredService<WebhookService>();
        var ok = (await webhooks.CreateAsync(account, new WebhookInput(Receiver.Url("/ok"), "CRM sync", ["message_created", "conversation_created"]), ct)).Webhook!;
        var failing = (await webhooks.CreateAsync(account, new WebhookInput(Receiver.Url("/failing"), "Old endpoint", ["message_created"]), ct)).Webhook!;
        var manual = App.Services.GetRequiredService<ManualDelivery>();
        var payload = EventSamples.For("message_created", account, "Acme Support").ToJsonString();
        var sent = await manual.TestFireAsync(account, ok.Id, "message_created", payload, ct);
        await manual.TestFireAsync(account, ok.Id, "message_created", payload, ct);
        await manual.TestFireAsync(account, failing.Id, "message_created", payload, ct);
        return (account, ok.Id, sent!.DeliveryId);
    }
}
