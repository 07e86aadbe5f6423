using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

public sealed class SignInFlowTests(BrowserFixture browser, DashboardFactory _app) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Signed_out_visitor_is_sent_to_sign_in_and_lands_on_the_account_after_it()
    {
        await using var session = await BrowserSession.OpenAsync(browser, _app.ServerAddress, nameof(Signed_out_visitor_is_sent_to_sign_in_and_lands_on_the_account_after_it));
        await session.Page.GotoAsync(_app.ServerAddress.ToString());
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
        await session.Page.GotoAsync(new Uri(_app.ServerAddress, "/account/login").ToString());
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
        await session.Page.GotoAsync(new Uri(_app.ServerAddress, $"/accounts/{await _app.DemoAccountIdAsync()}").ToString());
        await session.Page.WaitForURLAsync("**/account/login**");
    }
}
