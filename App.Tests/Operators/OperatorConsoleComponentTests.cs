using Bunit;
using Dashboard.Accounts;
using Dashboard.Operators;
using Dashboard.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Operators;

/// <summary>The console's components over a real database: who sees them, paging and search, a token shown once.</summary>
public sealed class OperatorConsoleComponentTests : OperatorUiContext
{
    [Fact]
    public void Someone_who_is_not_an_operator_sees_not_allowed_and_no_panel()
    {
        var page = Render<OperatorConsolePage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=not-allowed]")));
        Assert.Empty(page.FindComponents<AccountsPanel>());
        Assert.Empty(page.FindComponents<PlatformAppsPanel>());
    }

    [Fact]
    public async Task An_operator_sees_both_panels()
    {
        await MakeOperatorAsync();
        // The users panel needs Identity's whole stack; its behaviour is the browser tests' (OperatorConsoleFlowTests).
        ComponentFactories.AddStub<UsersPanel>();
        var page = Render<OperatorConsolePage>();

        page.WaitForAssertion(() => Assert.Single(page.FindComponents<AccountsPanel>()));
        Assert.Single(page.FindComponents<PlatformAppsPanel>());
        Assert.Single(page.FindComponents<InstallationPanel>());
        Assert.Empty(page.FindAll("[data-testid=not-allowed]"));
    }

    [Fact]
    public async Task Accounts_come_a_page_at_a_time_and_a_search_starts_again_at_the_first()
    {
        var directory = Services.GetRequiredService<AccountDirectory>();
        for (var i = 1; i <= 30; i++) await directory.CreateAsync($"Tenant {i:00}", null, Ct);
        await directory.CreateAsync("Special Co", null, Ct);

        var panel = Render<AccountsPanel>();

        panel.WaitForAssertion(() => Assert.Equal("Accounts 1–25 of 31", panel.Find("[data-testid=account-count]").TextContent));
        panel.FindAll("button").Single(b => b.TextContent.Contains("Next")).Click();
        panel.WaitForAssertion(() => Assert.Equal("Accounts 26–31 of 31", panel.Find("[data-testid=account-count]").TextContent));
        Assert.Contains("Special Co", panel.Markup);
        Assert.DoesNotContain("Tenant 01", panel.Markup);

        panel.Find("#account-search").Input("special");
        panel.WaitForAssertion(() => Assert.Equal("Accounts 1–1 of 1", panel.Find("[data-testid=account-count]").TextContent));
    }

    [Fact]
    public async Task A_new_platform_apps_token_is_shown_once_and_only_its_hash_is_kept()
    {
        await MakeOperatorAsync();
        var panel = Render<PlatformAppsPanel>();

        panel.Find("#platform-app-name").Input("Acme Platform");
        panel.Find("[data-testid=create-platform-app]").Click();

        panel.WaitForAssertion(() => Assert.NotNull(panel.Find("[data-testid=token-shown-once]")));
        var token = panel.Find("#platform-app-token").GetAttribute("value")!;
        Assert.StartsWith(PlatformApps.TokenPrefix, token);
        await using var db = await Database.CreateDbContextAsync(Ct);
        Assert.Equal(AccessTokens.Hash(token), (await db.PlatformApps.SingleAsync(Ct)).TokenHash);

        var again = Render<PlatformAppsPanel>(); // the console opened later
        again.WaitForAssertion(() => Assert.Contains("Acme Platform", again.Markup));
        Assert.DoesNotContain(token, again.Markup);
    }

    [Fact]
    public async Task A_platform_app_is_not_created_for_someone_who_is_no_longer_an_operator()
    {
        var panel = Render<PlatformAppsPanel>(); // opened as an operator would have, then the role is gone

        panel.Find("#platform-app-name").Input("Too late");
        panel.Find("[data-testid=create-platform-app]").Click();

        // The refusal is said (after the role was read), and nothing was made.
        panel.WaitForAssertion(() => Assert.Contains(OperatorGuard.NoLongerMessage, Snackbars()));
        Assert.Empty(panel.FindAll("[data-testid=token-shown-once]"));
        await using var db = await Database.CreateDbContextAsync(Ct);
        Assert.False(await db.PlatformApps.AnyAsync(Ct));
    }
}
