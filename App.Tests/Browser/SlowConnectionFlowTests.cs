using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

/// <summary>
/// A fast typist (a key every 10 ms) on a slow connection (every message from the circuit 250 ms late): what they type is
/// what is saved, in the webhook dialog's immediate fields and in a search, though renders arrive while keys keep coming.
/// </summary>
public sealed class SlowConnectionFlowTests(BrowserFixture browser, DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private const string Url = "https://receiver.example.com/hooks/typed-quickly-on-a-train";
    private const string Name = "Typed quickly on a slow connection";

    [Fact]
    public async Task Text_typed_fast_over_a_slow_connection_is_saved_whole()
    {
        var accountId = await app.DemoAccountIdAsync();
        await using var session = await BrowserSession.OpenAsync(browser, app.ServerAddress, nameof(Text_typed_fast_over_a_slow_connection_is_saved_whole));
        var page = session.Page;
        await SlowCircuit.DelayServerMessagesAsync(page, TimeSpan.FromMilliseconds(250));
        await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword, $"/accounts/{accountId}/settings/integrations/webhooks");

        await page.ClickAsync("[data-testid=add-webhook]");
        await Assertions.Expect(page.Locator("#webhook-url")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(Url, new() { Delay = 10 });
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(Name, new() { Delay = 10 });
        await Assertions.Expect(page.Locator("#webhook-url")).ToHaveValueAsync(Url);
        await Assertions.Expect(page.Locator("#webhook-name")).ToHaveValueAsync(Name);
        await page.GetByText("Message created (message_created)").ClickAsync();
        await page.ClickAsync("[data-testid=dialog-save]");
        await Assertions.Expect(page.Locator("[data-testid=created-message]")).ToBeVisibleAsync();

        await using var db = app.CreateDbContext();
        Assert.True(await db.Webhooks.AnyAsync(w => w.AccountId == accountId && w.Url == Url && w.Name == Name, TestContext.Current.CancellationToken),
            "the webhook was not saved with the URL and name as typed");

        await page.ClickAsync("[data-testid=dialog-done]");
        await page.Locator("#webhook-search").ClickAsync();
        await page.Keyboard.TypeAsync("typed-quickly-on-a", new() { Delay = 10 });
        await Assertions.Expect(page.Locator("#webhook-search")).ToHaveValueAsync("typed-quickly-on-a");
        await Assertions.Expect(page.Locator("[data-testid=webhook-row]")).ToHaveCountAsync(1);
    }
}
