using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

/// <summary>An administrator adds, edits (with a secret rotation) and deletes a webhook through the settings pages.</summary>
public sealed class WebhookSettingsFlowTests(BrowserFixture browser, DashboardFactory _app) : IClassFixture<DashboardFactory>
{
    private const string Url = "https://receiver.example.com/hooks/chat";

    [Fact]
    public async Task Admin_adds_edits_rotates_and_deletes_a_webhook_from_the_integrations_settings()
    {
        var accountId = await _app.DemoAccountIdAsync();
        await using var session = await BrowserSession.OpenAsync(browser, _app.ServerAddress, nameof(Admin_adds_edits_rotates_and_deletes_a_webhook_from_the_integrations_settings));
        var page = session.Page;
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword);

        // Settings → Integrations → Configure
        await page.GetByRole(AriaRole.Link, new() { Name = "Integrations", Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"**/accounts/{accountId}/settings/integrations");
        await Assertions.Expect(page.Locator("[data-testid=integration-webhooks]")).ToContainTextAsync("Webhooks");
        await session.ScreenshotAsync("integrations");
        await page.ClickAsync("[data-testid=configure-webhooks]");
        await page.WaitForURLAsync($"**/accounts/{accountId}/settings/integrations/webhooks");
        await Assertions.Expect(page.Locator("[data-testid=webhook-empty]")).ToHaveTextAsync("There are no webhooks configured for this account.");
        await session.ScreenshotAsync("webhooks-empty");

        // Add new webhook: it opens without errors, with the URL focused; Create says what is missing until the form is valid.
        await page.ClickAsync("[data-testid=add-webhook]");
        var dialog = page.Locator(".mud-dialog").Filter(new() { HasText = "Add new webhook" });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#webhook-url")).ToBeFocusedAsync();
        await Assertions.Expect(dialog).Not.ToContainTextAsync("Please enter a valid URL");
        var save = page.Locator("[data-testid=dialog-save]");
        await Assertions.Expect(save).ToBeEnabledAsync();
        await save.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Still needed" }))
            .ToHaveTextAsync("Not saved yet. Still needed: a valid webhook URL (http:// or https://), at least one event.");
        await Assertions.Expect(page.Locator("[data-testid=webhook-row]")).ToHaveCountAsync(0);
        await page.FillAsync("#webhook-url", "ftp://nope");
        await page.FillAsync("#webhook-name", "CRM sync");
        await Assertions.Expect(dialog).ToContainTextAsync("Please enter a valid URL");
        await page.FillAsync("#webhook-url", Url);
        await page.GetByText("Message created (message_created)").ClickAsync();
        await page.GetByText("Contact created (contact_created)").ClickAsync();
        await Assertions.Expect(page.GetByTestId("dialog-missing")).ToHaveCountAsync(0);
        await session.ScreenshotAsync("add-dialog-filled");
        await save.ClickAsync();

        // The secret, once, with a working copy button.
        await Assertions.Expect(page.Locator("[data-testid=created-message]")).ToBeVisibleAsync();
        var secret = await page.InputValueAsync("#webhook-secret");
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", secret);
        await page.ClickAsync("[data-testid=secret-copy]");
        await Assertions.Expect(page.GetByText("Signing secret copied to the clipboard.")).ToBeVisibleAsync();
        Assert.Equal(secret, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        await session.ScreenshotAsync("created-secret");
        await page.ClickAsync("[data-testid=dialog-done]");

        var row = page.Locator("[data-testid=webhook-row]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("CRM sync");
        await Assertions.Expect(row).ToContainTextAsync("Subscribed Events: Message created, Contact created");
        await Assertions.Expect(page.Locator("[data-testid=webhook-count]")).ToHaveTextAsync("1 webhook");
        await session.ScreenshotAsync("webhooks-one-row");

        // Edit: new name, and a rotated secret that keeps the old one for 24 h.
        await page.ClickAsync("[data-testid=edit-webhook]");
        var editDialog = page.Locator(".mud-dialog").Filter(new() { HasText = "Edit webhook" });
        await Assertions.Expect(editDialog).ToBeVisibleAsync();
        Assert.Equal(Url, await page.InputValueAsync("#webhook-url"));
        Assert.DoesNotContain(secret, await page.InputValueAsync("#webhook-secret"));
        await page.FillAsync("#webhook-name", "CRM sync (production)");
        await page.ClickAsync("[data-testid=rotate-secret]");
        await Assertions.Expect(page.GetByText("Keep it signing for 24 hours")).ToBeVisibleAsync();
        await session.ScreenshotAsync("rotate-confirm");
        await page.GetByTestId("rotate-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("rotation-pending")).ToContainTextAsync("The current secret keeps signing for 24 hours after that.");
        await page.Locator("[data-testid=secret-toggle]").Last.ClickAsync();
        await Assertions.Expect(page.Locator("#webhook-new-secret")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^whsec_[A-Za-z0-9+/]{43}=$"));
        var rotated = await page.InputValueAsync("#webhook-new-secret");
        Assert.StartsWith("whsec_", rotated);
        Assert.NotEqual(secret, rotated);
        await session.ScreenshotAsync("edit-dialog-rotated");
        await page.ClickAsync("[data-testid=dialog-save]");
        await Assertions.Expect(editDialog).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByText("Webhook updated.")).ToBeVisibleAsync();
        await Assertions.Expect(row).ToContainTextAsync("CRM sync (production)");
        await session.ScreenshotAsync("webhooks-updated");

        await using (var db = _app.CreateDbContext())
        {
            var saved = await db.Webhooks.SingleAsync(w => w.AccountId == accountId, TestContext.Current.CancellationToken);
            Assert.Equal(("CRM sync (production)", rotated, secret), (saved.Name, saved.Secret, saved.PreviousSecret));
            Assert.Equal(["message_created", "contact_created"], saved.Subscriptions);
        }

        // Delete, after the confirmation that names the URL.
        await page.ClickAsync("[data-testid=delete-webhook]");
        var ask = page.Locator(".mud-dialog").Filter(new() { HasText = $"Are you sure to delete the webhook? ({Url})" });
        await Assertions.Expect(ask).ToBeVisibleAsync();
        await session.ScreenshotAsync("delete-confirm");
        await ask.GetByRole(AriaRole.Button, new() { Name = "Yes, Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Webhook deleted.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=webhook-empty]")).ToBeVisibleAsync();
        await session.ScreenshotAsync("webhooks-after-delete");
        await using (var db = _app.CreateDbContext())
            Assert.False(await db.Webhooks.AnyAsync(w => w.AccountId == accountId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_close_button_asks_before_dropping_a_half_typed_webhook_like_Esc_and_focus_returns_to_Add()
    {
        var accountId = await _app.DemoAccountIdAsync();
        await using var session = await BrowserSession.OpenAsync(browser, _app.ServerAddress, nameof(The_close_button_asks_before_dropping_a_half_typed_webhook_like_Esc_and_focus_returns_to_Add));
        var page = session.Page;
        await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword, $"/accounts/{accountId}/settings/integrations/webhooks");
        var dialog = page.GetByTestId("webhook-dialog");
        var ask = page.GetByTestId("confirm-dialog");
        var close = page.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true });

        // Nothing typed: it closes at once.
        await page.GetByTestId("add-webhook").ClickAsync();
        await Assertions.Expect(page.Locator("#webhook-url")).ToBeFocusedAsync();
        await close.ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);

        // Typed: it asks; "Keep editing" keeps the text, and Esc pressed on the button (focused by the click) asks too.
        await page.GetByTestId("add-webhook").ClickAsync();
        await page.Locator("#webhook-url").FillAsync("https://half-typed.example.com");
        await close.ClickAsync();
        await Assertions.Expect(ask).ToContainTextAsync("This webhook is not created yet.");
        await page.GetByTestId("confirm-no").ClickAsync();
        await Assertions.Expect(ask).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#webhook-url")).ToHaveValueAsync("https://half-typed.example.com");
        await close.FocusAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(ask).ToContainTextAsync("This webhook is not created yet.");
        await page.GetByTestId("confirm-yes").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("add-webhook")).ToBeFocusedAsync();
        await using var db = _app.CreateDbContext();
        Assert.False(await db.Webhooks.AnyAsync(w => w.AccountId == accountId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Agent_sees_no_Integrations_and_is_not_allowed_on_the_webhooks_address()
    {
        var accountId = await _app.DemoAccountIdAsync();
        await using var session = await BrowserSession.OpenAsync(browser, _app.ServerAddress, nameof(Agent_sees_no_Integrations_and_is_not_allowed_on_the_webhooks_address));
        await session.SignInAsync(DashboardFactory.AgentEmail, DashboardFactory.AgentPassword);
        await Assertions.Expect(session.Page.GetByText("Acme Support").First).ToBeVisibleAsync();
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Link, new() { Name = "Integrations", Exact = true })).ToHaveCountAsync(0);
        await session.ScreenshotAsync("agent-menu");

        await session.GotoAsync($"/accounts/{accountId}/settings/integrations/webhooks");
        await Assertions.Expect(session.Page.Locator("[data-testid=not-allowed]")).ToBeVisibleAsync();
        await Assertions.Expect(session.Page.Locator("[data-testid=add-webhook]")).ToHaveCountAsync(0);
        await session.ScreenshotAsync("agent-not-allowed");

        await session.GotoAsync($"/accounts/{accountId}/settings/integrations");
        await Assertions.Expect(session.Page.Locator("[data-testid=not-allowed]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Administrator_of_another_account_is_not_allowed_and_sees_none_of_its_webhooks()
    {
        // A tenant of its own, so the demo account stays empty for the flow above.
        var accountId = (await _app.CreateAccountAsync("Initech")).AccountId;
        await using (var db = _app.CreateDbContext())
        {
            db.Webhooks.Add(new Dashboard.Webhooks.Webhook
            {
                AccountId = accountId, Url = "https://private.example.com/initech", Secret = Dashboard.Dispatch.WebhookSecret.Generate(), Subscriptions = ["message_created"],
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        var other = await _app.CreateAccountAsync("Globex");
        await using var session = await BrowserSession.OpenAsync(browser, _app.ServerAddress, nameof(Administrator_of_another_account_is_not_allowed_and_sees_none_of_its_webhooks));
        await session.SignInAsync(other.Email, other.Password);

        await session.GotoAsync($"/accounts/{accountId}/settings/integrations/webhooks");

        await Assertions.Expect(session.Page.Locator("[data-testid=not-allowed]")).ToBeVisibleAsync();
        Assert.DoesNotContain("private.example.com", await session.Page.ContentAsync());
        await session.ScreenshotAsync("other-account-not-allowed");
    }

    [Fact]
    public async Task Signed_out_visitor_typing_the_webhooks_address_lands_on_sign_in()
    {
        var accountId = await _app.DemoAccountIdAsync();
        await using var session = await BrowserSession.OpenAsync(browser, _app.ServerAddress, nameof(Signed_out_visitor_typing_the_webhooks_address_lands_on_sign_in));
        await session.GotoAsync($"/accounts/{accountId}/settings/integrations/webhooks");
        await session.Page.WaitForURLAsync("**/account/login**");
        Assert.Contains(Uri.EscapeDataString($"/accounts/{accountId}/settings/integrations/webhooks"), session.Page.Url);
        await Assertions.Expect(session.Page.Locator("[data-testid=add-webhook]")).ToHaveCountAsync(0);
    }
}
