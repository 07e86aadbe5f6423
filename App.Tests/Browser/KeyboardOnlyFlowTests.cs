using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

/// <summary>An administrator who uses only the keyboard: no click, no fill, only keys (Tab, Enter, Space, Esc and typing).</summary>
public sealed class KeyboardOnlyFlowTests(BrowserFixture browser) : AppWithReceiverTest
{
    [Fact]
    public async Task Admin_signs_in_adds_a_webhook_with_two_events_sends_a_test_reads_the_result_and_closes_with_Esc()
    {
        Receiver.Script("/keys", Reply.Ok("thanks"));
        var account = await App.DemoAccountIdAsync();
        await using var session = await BrowserSession.OpenAsync(browser, App.ServerAddress, nameof(Admin_signs_in_adds_a_webhook_with_two_events_sends_a_test_reads_the_result_and_closes_with_Esc));
        var page = session.Page;
        var keys = page.Keyboard;

        // Sign in: the email field has focus on arrival.
        await session.GotoAsync("/account/login");
        await Assertions.Expect(page.Locator("#email")).ToBeFocusedAsync();
        await keys.TypeAsync(DashboardFactory.AdminEmail);
        await keys.PressAsync("Tab");
        await keys.TypeAsync(DashboardFactory.AdminPassword);
        await keys.PressAsync("Enter");
        await page.WaitForURLAsync($"**/accounts/{account}");
        await session.WaitInteractiveAsync();

        // The first Tab reaches the skip link, which moves focus to the page's content.
        await keys.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" });
        await Assertions.Expect(skip).ToBeFocusedAsync();
        await Assertions.Expect(skip).ToBeInViewportAsync();
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main")).ToBeFocusedAsync();

        // Integrations → Configure webhooks → Add new webhook.
        await TabToAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Open Integrations" }));
        await keys.PressAsync("Enter");
        await page.WaitForURLAsync($"**/accounts/{account}/settings/integrations");
        await TabToAsync(page, page.GetByTestId("configure-webhooks"));
        await keys.PressAsync("Enter");
        await page.WaitForURLAsync($"**/accounts/{account}/settings/integrations/webhooks");
        await TabToAsync(page, page.GetByTestId("add-webhook"));
        await keys.PressAsync("Enter");

        // The URL field has focus at once: typing goes there.
        await Assertions.Expect(page.Locator("#webhook-url")).ToBeFocusedAsync();
        await session.TypeLikeAPersonAsync(Receiver.Url("/keys"));
        await keys.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#webhook-name")).ToBeFocusedAsync();
        await session.TypeLikeAPersonAsync("Keyboard hook");
        await TabToAsync(page, page.Locator("[data-event=conversation_created] input"));
        await keys.PressAsync("Space");
        await TabToAsync(page, page.Locator("[data-event=message_created] input"));
        await keys.PressAsync("Space");
        await TabToAsync(page, page.GetByTestId("dialog-save"));
        await session.ScreenshotAsync("add-by-keyboard");
        await keys.PressAsync("Enter");

        // Focus lands on the result, announced as a status.
        var created = page.GetByTestId("created-result");
        await Assertions.Expect(created).ToBeFocusedAsync();
        await Assertions.Expect(created).ToHaveAttributeAsync("role", "status");
        await Assertions.Expect(created).ToContainTextAsync("The webhook is ready.");

        // Send a test from the created dialog, and read the answer where focus went.
        await TabToAsync(page, page.GetByTestId("dialog-send-test"));
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("test-fire-dialog")).ToBeVisibleAsync();
        await TabToAsync(page, page.GetByTestId("test-send"));
        await keys.PressAsync("Enter");
        var result = page.GetByTestId("test-result-box");
        await Assertions.Expect(result).ToBeFocusedAsync();
        await Assertions.Expect(result).ToHaveAttributeAsync("role", "status");
        await Assertions.Expect(result).ToContainTextAsync("HTTP 200");
        await Assertions.Expect(result).ToContainTextAsync("the receiver accepted the test");
        await session.ScreenshotAsync("test-result-by-keyboard");

        // Esc closes it, and the list shows the new webhook.
        await keys.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("webhook-row")).ToContainTextAsync("Keyboard hook");

        var webhook = Assert.Single(await App.Services.GetRequiredService<WebhookService>().ListAsync(account, ct: TestContext.Current.CancellationToken));
        Assert.Equal((Receiver.Url("/keys"), "Keyboard hook"), (webhook.Url, webhook.Name));
        Assert.Equal(["conversation_created", "message_created"], webhook.Subscriptions);
        Assert.Single(Receiver.To("/keys"));
    }

    [Fact]
    public async Task Esc_asks_before_dropping_unsaved_edits_closes_at_once_without_them_and_gives_focus_back()
    {
        var account = await App.DemoAccountIdAsync();
        await using var session = await BrowserSession.OpenAsync(browser, App.ServerAddress, nameof(Esc_asks_before_dropping_unsaved_edits_closes_at_once_without_them_and_gives_focus_back));
        var page = session.Page;
        var keys = page.Keyboard;
        await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword, $"/accounts/{account}/settings/integrations/webhooks");
        var dialog = page.GetByTestId("webhook-dialog");

        // Nothing typed: Esc closes at once.
        await TabToAsync(page, page.GetByTestId("add-webhook"));
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#webhook-url")).ToBeFocusedAsync();
        await keys.PressAsync("Escape");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        // Focus is back on the button that opened it, not lost on the page's body.
        await Assertions.Expect(page.GetByTestId("add-webhook")).ToBeFocusedAsync();

        // Typed: Esc asks; "Keep editing" (Esc again) keeps what was typed; "Discard" closes.
        await TabToAsync(page, page.GetByTestId("add-webhook"));
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#webhook-url")).ToBeFocusedAsync();
        await session.TypeLikeAPersonAsync("https://half-typed.example.com");
        await keys.PressAsync("Escape");
        var ask = page.GetByTestId("confirm-dialog");
        await Assertions.Expect(ask).ToContainTextAsync("This webhook is not created yet.");
        // Once the question has focus, as a user would see it (a second Esc before that is ignored: it asks once).
        await Assertions.Expect(page.Locator(".mud-dialog:has([data-testid=confirm-dialog]):focus-within")).ToHaveCountAsync(1);
        await Assertions.Expect(ask).ToHaveCountAsync(1);
        await keys.PressAsync("Escape");
        await Assertions.Expect(ask).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#webhook-url")).ToHaveValueAsync("https://half-typed.example.com");
        await Assertions.Expect(page.Locator("#webhook-url")).ToBeFocusedAsync();

        await keys.PressAsync("Escape");
        await TabToAsync(page, page.GetByTestId("confirm-yes"));
        await keys.PressAsync("Enter");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("webhook-empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("add-webhook")).ToBeFocusedAsync();

    }

    /// <summary>Presses Tab (or Shift+Tab) until <paramref name="target"/> has focus (as a keyboard user would), failing after 60 presses.</summary>
    private static async Task TabToAsync(IPage page, ILocator target, bool backwards = false)
    {
        await Assertions.Expect(target).ToBeVisibleAsync();
        for (var presses = 0; presses < 60; presses++)
        {
            if (await target.EvaluateAsync<bool>("el => el === document.activeElement")) return;
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }
        Assert.Fail($"Tab never reached {target}.");
    }
}
