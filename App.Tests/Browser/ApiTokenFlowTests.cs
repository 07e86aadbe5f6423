using System.Net;
using Dashboard.Api;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

public sealed class ApiTokenFlowTests(BrowserFixture browser, DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Token_generated_on_the_profile_page_works_against_the_api_and_regenerating_revokes_it()
    {
        var (accountId, email, password, _) = await app.CreateAccountAsync("Token Flow Co");
        await using (var db = app.CreateDbContext())
            await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.ApiTokenHash, (string?)null), Ct);
        using var api = app.CreateRealClient();
        var webhooksPath = $"/api/v1/accounts/{accountId}/webhooks";
        await using var session = await BrowserSession.OpenAsync(browser, app.ServerAddress, nameof(Token_generated_on_the_profile_page_works_against_the_api_and_regenerating_revokes_it));
        var page = session.Page;
        // The system clipboard is one for the whole browser, shared by tests running in parallel (and it needs focus):
        // this page records what it is asked to copy instead, so the test sees exactly what the app copied.
        await page.AddInitScriptAsync("navigator.clipboard.writeText = text => { window.__copied = text; return Promise.resolve(); };");

        await session.SignInAsync(email, password, "/profile");
        await Assertions.Expect(page.GetByTestId("api-token-status")).ToContainTextAsync("no API access token yet");
        await session.ScreenshotAsync("no-token");

        await page.GetByTestId("generate-token").ClickAsync();
        var tokenField = page.Locator("#api-token-value");
        await Assertions.Expect(tokenField).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^dsh_"));
        var first = await tokenField.InputValueAsync();
        await page.GetByTestId("copy-token").ClickAsync();
        await Assertions.Expect(page.GetByText("Token copied to the clipboard.")).ToBeVisibleAsync();
        Assert.Equal(first, await page.EvaluateAsync<string>("() => window.__copied"));
        await session.ScreenshotAsync("token-generated");

        var withFirst = await api.SendAsync(HttpMethod.Get, webhooksPath, first);
        Assert.Equal(HttpStatusCode.OK, withFirst.StatusCode);
        Assert.NotNull((await withFirst.ReadJsonAsync())["payload"]?["webhooks"]);

        await page.GetByTestId("generate-token").ClickAsync();
        await Assertions.Expect(page.GetByText("Regenerate API token?")).ToBeVisibleAsync();
        await session.ScreenshotAsync("confirm-regenerate");
        await page.GetByRole(AriaRole.Button, new() { Name = "Regenerate", Exact = true }).ClickAsync();
        await Assertions.Expect(tokenField).Not.ToHaveValueAsync(first);
        var second = await tokenField.InputValueAsync();
        await Assertions.Expect(page.GetByText("The previous token no longer works.")).ToBeVisibleAsync();
        await session.ScreenshotAsync("token-regenerated");

        await (await api.SendAsync(HttpMethod.Get, webhooksPath, first)).AssertErrorAsync(401, ApiAuthorization.InvalidTokenMessage);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Get, webhooksPath, second)).StatusCode);

        // Shown once: after a reload only the creation time is left.
        await session.GotoAsync("/profile");
        await Assertions.Expect(page.GetByTestId("api-token-status")).ToContainTextAsync("Your current token was created on");
        Assert.Equal(0, await tokenField.CountAsync());
        Assert.DoesNotContain(second, await page.ContentAsync());
    }

    [Fact]
    public async Task Profile_opened_from_an_account_keeps_that_account_in_the_menus()
    {
        var (accountId, email, password, _) = await app.CreateAccountAsync("Menu Keeper Co");
        await using var session = await BrowserSession.OpenAsync(browser, app.ServerAddress, nameof(Profile_opened_from_an_account_keeps_that_account_in_the_menus));
        var page = session.Page;
        await session.SignInAsync(email, password, $"/accounts/{accountId}");

        await page.GetByLabel("User menu").ClickAsync();
        await page.GetByText("Profile & API token").ClickAsync();

        await page.WaitForURLAsync(url => url.EndsWith($"/profile?account={accountId}", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("api-token-status")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Banner).GetByText("Menu Keeper Co")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Deliveries" })).ToBeVisibleAsync();
        await session.ScreenshotAsync("profile-with-account");

        // Typed as a bare address, the profile of a member of one account shows that account too.
        await session.GotoAsync("/profile");
        await page.WaitForURLAsync(url => url.EndsWith($"/profile?account={accountId}", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByRole(AriaRole.Banner).GetByText("Menu Keeper Co")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Deliveries" })).ToBeVisibleAsync();
        await session.ScreenshotAsync("profile-bare-address");
    }
}
