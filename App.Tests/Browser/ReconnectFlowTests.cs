using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

/// <summary>When the server goes away, the page says so in the app's own dialog and what to do, not Blazor's bare "Rejoin failed…".</summary>
public sealed class ReconnectFlowTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly DashboardFactory _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_lost_server_shows_the_styled_reconnect_dialog_saying_what_to_do()
    {
        var account = await _app.DemoAccountIdAsync();
        await using var session = await BrowserSession.OpenAsync(browser, _app.ServerAddress, nameof(A_lost_server_shows_the_styled_reconnect_dialog_saying_what_to_do));
        var page = session.Page;
        await page.SetViewportSizeAsync(390, 844);
        await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword, Dashboard.Components.Shared.AccountRoute.Deliveries(account));
        var modal = page.Locator("#components-reconnect-modal");
        await Assertions.Expect(modal).ToBeHiddenAsync();

        await _app.DisposeAsync(); // the server goes away under the open page

        await Assertions.Expect(modal).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(modal.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Connection to the server lost");
        await Assertions.Expect(modal.Locator("p:visible").First).ToContainTextAsync(new System.Text.RegularExpressions.Regex("Reconnecting…|Still trying to reconnect"));
        await session.ScreenshotAsync("phone-reconnecting");
        await page.SetViewportSizeAsync(1440, 900);
        await session.ScreenshotAsync("desktop-reconnecting");
    }
}
