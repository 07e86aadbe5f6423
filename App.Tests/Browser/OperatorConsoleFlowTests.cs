using System.Net;
using Dashboard.Accounts;
using Dashboard.Api;
using Dashboard.Platform;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

/// <summary>The operator console as an operator uses it, and as everyone else meets it: not at all.</summary>
public sealed class OperatorConsoleFlowTests(BrowserFixture browser, DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Password = "Operator-Pass-123!";

    private async Task<string> OperatorAsync(string email)
    {
        _ = app.ServerAddress;
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(InstallationRoles.Operator)) await roles.CreateAsync(new IdentityRole(InstallationRoles.Operator));
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, InstallationRoles.Operator)).Succeeded);
        return user.Id;
    }

    private async Task UnmakeOperatorAsync(string userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        await users.RemoveFromRoleAsync((await users.FindByIdAsync(userId))!, InstallationRoles.Operator);
    }

    [Fact]
    public async Task An_account_administrator_gets_the_ordinary_not_allowed_page_and_nothing_of_the_console()
    {
        await using var session = await BrowserSession.OpenAsync(browser, app.ServerAddress, "operator-console-admin");
        await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword);

        await session.GotoAsync("/operator");

        await Assertions.Expect(session.Page.GetByTestId("not-allowed")).ToBeVisibleAsync();
        await Assertions.Expect(session.Page.GetByTestId("accounts-table")).ToHaveCountAsync(0);
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Link, new() { Name = "Operator console", Exact = true })).ToHaveCountAsync(0); // not in the menu either
    }

    [Fact]
    public async Task A_signed_out_visitor_is_sent_to_sign_in()
    {
        await using var session = await BrowserSession.OpenAsync(browser, app.ServerAddress, "operator-console-anonymous");
        await session.GotoAsync("/operator");
        Assert.Contains("/account/login", session.Page.Url);
    }

    [Fact]
    public async Task An_operator_creates_finds_renames_and_deletes_an_account()
    {
        await OperatorAsync("console-ops@example.com");
        await using var session = await BrowserSession.OpenAsync(browser, app.ServerAddress, "operator-console-accounts");
        var page = session.Page;
        await session.SignInAsync("console-ops@example.com", Password);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/operator$"));

        await page.GetByTestId("create-account").ClickAsync();
        await page.FillAsync("#account-name", "Umbrella Corp");
        await page.GetByTestId("save-account").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Umbrella Corp", Exact = true })).ToBeVisibleAsync();
        int accountId;
        await using (var db = app.CreateDbContext()) accountId = await db.Accounts.Where(a => a.Name == "Umbrella Corp").Select(a => a.Id).SingleAsync(Ct);

        await page.FillAsync("#account-search", "umbrella");
        await Assertions.Expect(page.GetByTestId("account-count")).ToHaveTextAsync("Accounts 1–1 of 1");
        await page.FillAsync("#account-search", "no such thing at all");
        await Assertions.Expect(page.GetByText("No account matches.")).ToBeVisibleAsync();
        await page.FillAsync("#account-search", accountId.ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Umbrella Corp", Exact = true })).ToBeVisibleAsync();
        await session.ScreenshotAsync("accounts-found");
        await page.AssertNoSeriousAxeViolationsAsync("operator console");

        await page.GetByRole(AriaRole.Button, new() { Name = "Rename Umbrella Corp" }).ClickAsync();
        await page.FillAsync("#account-name", "Umbrella Corporation");
        await page.GetByTestId("save-account").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Umbrella Corporation", Exact = true })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete Umbrella Corporation" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirm-dialog")).ToContainTextAsync("0 members, 0 webhooks and 0 deliveries");
        await page.GetByTestId("confirm-yes").ClickAsync();
        // The row goes. (Not "No account matches.": the search is its id, and another test's account named with that
        // digit, such as "Reached dark-390", matches it too, depending on the order the class's tests ran in.)
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Umbrella Corporation", Exact = true })).ToHaveCountAsync(0);
        await using var after = app.CreateDbContext();
        Assert.False(await after.Accounts.AnyAsync(a => a.Id == accountId, Ct));
    }

    [Fact]
    public async Task An_operator_unmade_while_the_console_is_open_changes_nothing_with_the_next_click()
    {
        var userId = await OperatorAsync("unmade-ops@example.com");
        await using var session = await BrowserSession.OpenAsync(browser, app.ServerAddress, "operator-console-unmade");
        var page = session.Page;
        await session.SignInAsync("unmade-ops@example.com", Password, "/operator");
        await Assertions.Expect(page.GetByTestId("create-account")).ToBeVisibleAsync();
        await using var before = app.CreateDbContext();
        var count = await before.Accounts.CountAsync(Ct);

        await UnmakeOperatorAsync(userId);
        await page.GetByTestId("create-account").ClickAsync();
        await page.FillAsync("#account-name", "Too late");
        await page.GetByTestId("save-account").ClickAsync();

        await Assertions.Expect(page.GetByText("You are no longer an operator")).ToBeVisibleAsync();
        await using var after = app.CreateDbContext();
        Assert.Equal(count, await after.Accounts.CountAsync(Ct));
    }

    [Theory]
    [InlineData(ColorScheme.Dark, 1440, 900)]
    [InlineData(ColorScheme.Light, 390, 844)]
    [InlineData(ColorScheme.Dark, 390, 844)]
    public async Task The_console_passes_axe_in_dark_mode_and_on_a_phone(ColorScheme scheme, int width, int height)
    {
        var email = $"axe-ops-{scheme}-{width}@example.com".ToLowerInvariant();
        await OperatorAsync(email);
        await using var session = await BrowserSession.OpenAsync(browser, app.ServerAddress, $"operator-console-{scheme}-{width}", scheme);
        await session.Page.SetViewportSizeAsync(width, height);
        await session.SignInAsync(email, Password, "/operator");
        await Assertions.Expect(session.Page.GetByTestId("accounts-table")).ToBeVisibleAsync();
        await session.ScreenshotAsync("console");
        await session.Page.AssertNoSeriousAxeViolationsAsync($"operator console ({scheme}, {width}px)");
    }

    [Fact]
    public async Task An_operator_makes_a_user_adds_them_to_an_account_and_the_handed_over_link_lands_them_there()
    {
        await OperatorAsync("people-ops@example.com");
        var accountId = await app.DemoAccountIdAsync();
        await using var session = await BrowserSession.OpenAsync(browser, app.ServerAddress, "operator-console-users");
        var page = session.Page;
        await session.SignInAsync("people-ops@example.com", Password, "/operator");

        await page.FillAsync("#new-user-email", "new-hire@example.com");
        await page.FillAsync("#new-user-name", "New Hire");
        await page.GetByTestId("create-user").ClickAsync();
        await Assertions.Expect(page.GetByTestId("set-password-link-shown")).ToBeVisibleAsync();
        var link = await page.InputValueAsync("#set-password-link");
        Assert.Contains("/account/set-password?user=", link);

        await page.FillAsync("#user-search", "new-hire");
        await Assertions.Expect(page.GetByTestId("user-count")).ToHaveTextAsync("Users 1–1 of 1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accounts of new-hire@example.com" }).ClickAsync();
        await page.GetByLabel("Add to account (id)").FillAsync(accountId.ToString());
        await page.GetByTestId("add-membership").ClickAsync();
        await Assertions.Expect(page.GetByText("Acme Support (#" + accountId + ")")).ToBeVisibleAsync();
        await session.ScreenshotAsync("memberships");
        await page.AssertNoSeriousAxeViolationsAsync("memberships dialog");
        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

        await using var newcomer = await BrowserSession.OpenAsync(browser, app.ServerAddress, "operator-console-newcomer");
        await newcomer.GotoAsync(link);
        await newcomer.Page.FillAsync("#password", "New-Hire-Pass-123!");
        await newcomer.Page.FillAsync("#confirm", "New-Hire-Pass-123!");
        await newcomer.Page.ClickAsync("button[type=submit]");
        await newcomer.Page.WaitForURLAsync($"**/accounts/{accountId}");
        await Assertions.Expect(newcomer.Page.GetByText("Agent").First).ToBeVisibleAsync(); // the role chosen: agent by default
    }

    [Fact]
    public async Task A_locked_user_cannot_sign_in_and_the_last_operator_cannot_be_unmade()
    {
        var onlyOperator = await OperatorAsync("lock-ops@example.com");
        var (_, email, password, _) = await app.CreateAccountAsync("Lockable");
        await using var session = await BrowserSession.OpenAsync(browser, app.ServerAddress, "operator-console-lock");
        var page = session.Page;
        await session.SignInAsync("lock-ops@example.com", Password, "/operator");

        // As a person would, wait for the search's result before acting on a row (the list is redrawn when it comes).
        await page.FillAsync("#user-search", email);
        await Assertions.Expect(page.GetByTestId("user-count")).ToHaveTextAsync("Users 1–1 of 1");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Lock {email}" }).ClickAsync();
        await page.GetByTestId("confirm-yes").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Unlock {email}" })).ToBeVisibleAsync();

        await using var locked = await BrowserSession.OpenAsync(browser, app.ServerAddress, "operator-console-locked-user");
        await locked.GotoAsync("/account/login");
        await locked.Page.FillAsync("#email", email);
        await locked.Page.FillAsync("#password", password);
        await locked.Page.ClickAsync("button[type=submit]");
        await Assertions.Expect(locked.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("locked");

        // Every other operator of this test class's installation is unmade first, so this one is the last.
        await using (var db = app.CreateDbContext())
        {
            var role = await db.Roles.SingleAsync(r => r.Name == InstallationRoles.Operator, Ct);
            await db.UserRoles.Where(r => r.RoleId == role.Id && r.UserId != onlyOperator).ExecuteDeleteAsync(Ct);
        }
        await page.FillAsync("#user-search", "lock-ops@example.com");
        await Assertions.Expect(page.GetByTestId("user-count")).ToHaveTextAsync("Users 1–1 of 1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Unmake operator lock-ops@example.com" }).ClickAsync();
        await Assertions.Expect(page.GetByText("This is the last operator")).ToBeVisibleAsync();
    }

    /// <summary>Signs a new operator in and opens the accounts dialog of a new platform app; returns its token, to call as the platform does.</summary>
    private async Task<string> OpenAppAccountsAsync(BrowserSession session, string email, string appName)
    {
        await OperatorAsync(email);
        var (_, token) = await app.Services.GetRequiredService<PlatformApps>().CreateAsync(appName, Ct);
        await session.SignInAsync(email, Password, "/operator");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = $"Accounts of {appName}", Exact = true }).ClickAsync();
        await Assertions.Expect(session.Page.GetByTestId("reached-table")).ToBeVisibleAsync();
        return token;
    }

    [Fact]
    public async Task An_operator_grants_accounts_to_a_platform_app_sees_them_listed_revokes_one_and_the_apps_token_is_then_refused_there()
    {
        var (globex, _, _, _) = await app.CreateAccountAsync("Globex Grants");
        var (hooli, _, _, _) = await app.CreateAccountAsync("Hooli Grants");
        await using var session = await BrowserSession.OpenAsync(browser, app.ServerAddress, "operator-console-grants");
        var token = await OpenAppAccountsAsync(session, "grants-ops@example.com", "Grantee Platform");
        var page = session.Page;
        using var client = app.CreateRealClient();
        await (await client.SendAsync(HttpMethod.Get, $"/platform/api/v1/accounts/{globex}", token)).AssertErrorAsync(401, PlatformAccess.NotPermittedMessage);

        // Picked by searching its name, where the focus is when the dialog opens.
        await Assertions.Expect(page.Locator("#grant-search")).ToBeFocusedAsync();
        await page.FillAsync("#grant-search", "globex");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Grant Globex Grants (#{globex})" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("reached-table").GetByRole(AriaRole.Cell, new() { Name = "Globex Grants", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("\"Grantee Platform\" may now reach \"Globex Grants\".")).ToBeVisibleAsync();
        // By keyboard: its id typed in the search (the focus went back there), and Enter.
        await Assertions.Expect(page.Locator("#grant-search")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Control+A");
        await session.TypeLikeAPersonAsync(hooli.ToString());
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("reached-count")).ToHaveTextAsync("Accounts 1–2 of 2");

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, $"/platform/api/v1/accounts/{globex}", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, $"/api/v1/accounts/{globex}/webhooks", token)).StatusCode);

        var revoke = page.GetByRole(AriaRole.Button, new() { Name = $"Revoke access to Globex Grants (#{globex})" });
        await revoke.ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirm-dialog")).ToContainTextAsync("Stop \"Grantee Platform\" reaching \"Globex Grants\"");
        // Once the question has the focus, as a person sees it: Esc closes the question only, and keeps the grant.
        await Assertions.Expect(page.Locator(".mud-dialog:has([data-testid=confirm-dialog]):focus-within")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByTestId("confirm-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("reached-count")).ToHaveTextAsync("Accounts 1–2 of 2");
        await revoke.ClickAsync();
        await page.GetByTestId("confirm-yes").ClickAsync();
        await Assertions.Expect(page.GetByTestId("reached-count")).ToHaveTextAsync("Accounts 1–1 of 1");
        await Assertions.Expect(page.GetByText("\"Grantee Platform\" can no longer reach \"Globex Grants\".")).ToBeVisibleAsync();

        await (await client.SendAsync(HttpMethod.Get, $"/platform/api/v1/accounts/{globex}", token)).AssertErrorAsync(401, PlatformAccess.NotPermittedMessage);
        await (await client.SendAsync(HttpMethod.Get, $"/api/v1/accounts/{globex}/webhooks", token)).AssertErrorAsync(401, ApiAuthorization.NotMemberMessage);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, $"/platform/api/v1/accounts/{hooli}", token)).StatusCode);

        // Esc closes the dialog; the list of apps counts what the app reaches now.
        await Assertions.Expect(page.Locator("#reached-search")).ToBeFocusedAsync(); // not lost with the revoked row
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByTestId("app-accounts-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("platform-apps-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "Grantee Platform" })
            .Locator("td[data-label=Accounts]")).ToHaveTextAsync("1");
    }

    [Theory]
    [InlineData(ColorScheme.Light, 1366, 860)]
    [InlineData(ColorScheme.Dark, 1366, 860)]
    [InlineData(ColorScheme.Dark, 390, 844)]
    public async Task A_platform_apps_accounts_dialog_passes_axe_in_light_and_dark_and_on_a_phone(ColorScheme scheme, int width, int height)
    {
        var variant = $"{scheme}-{width}".ToLowerInvariant();
        var (reached, _, _, _) = await app.CreateAccountAsync($"Reached {variant}");
        await app.CreateAccountAsync($"Reachable {variant}");
        await using var session = await BrowserSession.OpenAsync(browser, app.ServerAddress, $"operator-console-grants-{variant}", scheme);
        await session.Page.SetViewportSizeAsync(width, height);
        await OpenAppAccountsAsync(session, $"axe-grants-{variant}@example.com", $"Axe Platform {variant}");
        var page = session.Page;
        await page.FillAsync("#grant-search", $"Reached {variant}");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Grant Reached {variant} (#{reached})" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("reached-count")).ToHaveTextAsync("Accounts 1–1 of 1");
        await page.FillAsync("#grant-search", variant); // both: the one it reaches, and one to grant
        await Assertions.Expect(page.GetByTestId("grant-candidates")).ToContainTextAsync($"Reachable {variant}");
        await Assertions.Expect(page.GetByTestId("grant-candidates")).ToContainTextAsync("Reaches it");

        await session.ScreenshotAsync("platform-app-accounts", fullPage: false);
        await page.AssertNoSeriousAxeViolationsAsync($"platform app accounts dialog ({scheme}, {width}px)");
    }
}
