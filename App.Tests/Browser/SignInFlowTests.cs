using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

public sealed class SignInFlowTests(BrowserFixture browser, DashboardFactory _app) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Signed_out_visitor_is_sent_to_sign_in_and_lands_on_the_account_after_it()
    {
        await using var session = await BrowserSession.OpenAsync(browser, _app.ServerAddress, nameof(Signed_out_visitor_is_sent_to_sign_in_and_lands_on_the_account_after_it));
        await session.GotoAsync("/");
        await session.Page.WaitForURLAsync("**/account/login**");
        await session.ScreenshotAsync("sign-in");

        await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword);

        await Assertions.Expect(session.Page.GetByText("Acme Support").First).ToBeVisibleAsync();
        await Assertions.Expect(session.Page.GetByText("Administrator").First).ToBeVisibleAsync();
        await session.ScreenshotAsync("account-home");
    }

    [Fact]
    public async Task Wrong_password_shows_a_message_and_stays_signed_out()
    {
        await using var session = await BrowserSession.OpenAsync(browser, _app.ServerAddress, nameof(Wrong_password_shows_a_message_and_stays_signed_out));
        await session.GotoAsync("/account/login");
        await session.Page.FillAsync("#email", DashboardFactory.AdminEmail);
        await session.Page.FillAsync("#password", "not-the-password");
        await session.Page.ClickAsync("button[type=submit]");

        await Assertions.Expect(session.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Invalid email or password");
        Assert.Contains("/account/login", session.Page.Url);
    }

    [Fact]
    public async Task Sign_out_from_the_user_menu_ends_the_session()
    {
        await using var session = await BrowserSession.OpenAsync(browser, _app.ServerAddress, nameof(Sign_out_from_the_user_menu_ends_the_session));
        await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword);

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "User menu" }).ClickAsync();
        await session.Page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" }).ClickAsync();

        await session.Page.WaitForURLAsync("**/account/login**");
        // The cookie is gone: an account page sends the visitor back to sign in.
        await session.GotoAsync($"/accounts/{await _app.DemoAccountIdAsync()}");
        await session.Page.WaitForURLAsync("**/account/login**");
    }

    [Fact]
    public async Task Before_its_circuit_is_up_a_page_shows_it_is_busy_and_takes_no_clicks_then_works()
    {
        await using var session = await BrowserSession.OpenAsync(browser, _app.ServerAddress, nameof(Before_its_circuit_is_up_a_page_shows_it_is_busy_and_takes_no_clicks_then_works));
        await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword);
        var page = session.Page;
        var userMenu = page.GetByRole(AriaRole.Button, new() { Name = "User menu" });

        // The circuit cannot connect: the prerendered page stays as a slow connection shows it before the circuit is up.
        await page.RouteAsync("**/_blazor**", route => route.AbortAsync());
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#app-root")).ToHaveAttributeAsync("aria-busy", "true");
        await Assertions.Expect(page.Locator("#app-root")).ToHaveAttributeAsync("data-interactive", "false");
        // A click would be lost: the button does not take it (Playwright's trial click finds it covered, never clickable).
        await Assert.ThrowsAsync<TimeoutException>(() => userMenu.ClickAsync(new() { Trial = true, Timeout = 1_000 }));

        await page.UnrouteAllAsync();
        await session.ReloadAsync();
        await Assertions.Expect(page.Locator("#app-root")).Not.ToHaveAttributeAsync("aria-busy", "true");
        await userMenu.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }
}
