using Bunit;
using Bunit.Rendering;
using Dashboard.Operators;
using Dashboard.Platform;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Tests.Operators;

/// <summary>The accounts a platform app may reach, in the console's dialog: listed and searched, granted, revoked.</summary>
public sealed class PlatformAppAccountsDialogTests : OperatorUiContext
{
    private PlatformGrants Grants => Services.GetRequiredService<PlatformGrants>();

    private async Task<int> AppAsync(string name = "Acme Platform") => (await Services.GetRequiredService<PlatformApps>().CreateAsync(name, Ct)).App.Id;

    private async Task<IRenderedComponent<ContainerFragment>> OpenAsync(int appId, string appName = "Acme Platform")
    {
        var providers = RenderProviders();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await providers.InvokeAsync(() => dialogs.ShowAsync<PlatformAppAccountsDialog>($"Accounts {appName} may reach",
            new DialogParameters<PlatformAppAccountsDialog> { { d => d.AppId, appId }, { d => d.AppName, appName } }));
        providers.WaitForElement("[data-testid=reached-table]");
        return providers;
    }

    private static string Count(IRenderedComponent<ContainerFragment> cut) => cut.Find("[data-testid=reached-count]").TextContent;

    private static IReadOnlyList<string> Listed(IRenderedComponent<ContainerFragment> cut) =>
        cut.FindAll("[data-testid=reached-table] tbody tr td[data-label=Name]").Select(td => td.TextContent.Trim()).ToList();

    private async Task<int> GrantRowsAsync(int appId)
    {
        await using var db = await Database.CreateDbContextAsync(Ct);
        return await db.PlatformAppAccounts.CountAsync(g => g.PlatformAppId == appId, Ct);
    }

    [Fact]
    public async Task The_apps_accounts_come_a_page_at_a_time_and_a_search_finds_one_by_name_or_id()
    {
        var appId = await AppAsync();
        var ids = new List<int>();
        for (var i = 1; i <= 12; i++)
        {
            ids.Add(await Database.CreateAccountAsync($"Tenant {i:00}"));
            await Grants.GrantAccountAsync(appId, ids[^1], Ct);
        }
        await Database.CreateAccountAsync("Tenant not granted");

        var cut = await OpenAsync(appId);

        cut.WaitForAssertion(() => Assert.Equal("Accounts 1–10 of 12", Count(cut)));
        Assert.Equal("Tenant 01", Listed(cut)[0]);
        cut.Find("button[aria-label='Next page of accounts']").Click();
        cut.WaitForAssertion(() => Assert.Equal(["Tenant 11", "Tenant 12"], Listed(cut)));
        cut.Find("#reached-search").Input("tenant 0");
        cut.WaitForAssertion(() => Assert.Equal("Accounts 1–9 of 9", Count(cut)));
        cut.Find("#reached-search").Input(ids[11].ToString());
        cut.WaitForAssertion(() => Assert.Equal(["Tenant 12"], Listed(cut)));
    }

    [Fact]
    public async Task An_account_found_by_name_is_granted_listed_and_offered_no_more_and_granting_its_id_again_changes_nothing()
    {
        await MakeOperatorAsync();
        var appId = await AppAsync();
        var accountId = await Database.CreateAccountAsync("Umbrella Corp");
        var cut = await OpenAsync(appId);
        cut.WaitForAssertion(() => Assert.Contains("\"Acme Platform\" reaches no account yet.", cut.Markup));

        cut.Find("#grant-search").Input("umbrella");
        var grant = $"button[aria-label='Grant Umbrella Corp (#{accountId})']";
        cut.WaitForElement(grant).Click();

        cut.WaitForAssertion(() => Assert.Equal(["Umbrella Corp"], Listed(cut)));
        Assert.Contains("\"Acme Platform\" may now reach \"Umbrella Corp\".", Snackbars());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(grant))); // offered no more: it reaches it
        Assert.Contains("Reaches it", cut.Find("[data-testid=grant-candidates]").TextContent);
        cut.Find("#grant-search").Input(accountId.ToString());
        cut.Find("#grant-search").KeyUp(new KeyboardEventArgs { Key = "Enter" });
        cut.WaitForAssertion(() => Assert.Contains("\"Acme Platform\" already reaches \"Umbrella Corp\": nothing changed.", Snackbars()));
        Assert.Equal(1, await GrantRowsAsync(appId));
        Assert.Equal("Accounts 1–1 of 1", Count(cut));
    }

    [Fact]
    public async Task Enter_on_an_id_grants_that_account_and_an_unknown_id_says_there_is_none_and_grants_nothing()
    {
        await MakeOperatorAsync();
        var appId = await AppAsync();
        var accountId = await Database.CreateAccountAsync("Initech");
        var cut = await OpenAsync(appId);
        var unknown = accountId + 1000;

        cut.Find("#grant-search").Input(unknown.ToString());
        cut.WaitForAssertion(() => Assert.Equal($"There is no account with the id {unknown}.", cut.Find("[data-testid=grant-none]").TextContent));
        cut.Find("#grant-search").KeyUp(new KeyboardEventArgs { Key = "Enter" });
        cut.WaitForAssertion(() => Assert.Contains($"There is no account with the id {unknown}.", Snackbars()));
        Assert.Equal(0, await GrantRowsAsync(appId));

        cut.Find("#grant-search").Input(accountId.ToString());
        cut.Find("#grant-search").KeyUp(new KeyboardEventArgs { Key = "Enter" });
        cut.WaitForAssertion(() => Assert.Equal(["Initech"], Listed(cut)));
        Assert.True(await Grants.MayReachAccountAsync(appId, accountId, Ct));
    }

    [Fact]
    public async Task Revoking_asks_first_naming_the_account_and_the_app_then_the_app_no_longer_reaches_it()
    {
        await MakeOperatorAsync();
        var appId = await AppAsync();
        var kept = await Database.CreateAccountAsync("Kept Co");
        var revoked = await Database.CreateAccountAsync("Revoked Co");
        await Grants.GrantAccountAsync(appId, kept, Ct);
        await Grants.GrantAccountAsync(appId, revoked, Ct);
        var cut = await OpenAsync(appId);
        var revoke = $"button[aria-label='Revoke access to Revoked Co (#{revoked})']";

        cut.WaitForElement(revoke).Click();
        var question = cut.WaitForElement("[data-testid=confirm-dialog] .confirm-message").TextContent;
        Assert.Contains("\"Acme Platform\"", question);
        Assert.Contains($"\"Revoked Co\" (id {revoked})", question);
        cut.Find("[data-testid=confirm-no]").Click(); // kept, for now
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=confirm-dialog]")));
        Assert.True(await Grants.MayReachAccountAsync(appId, revoked, Ct));

        cut.Find(revoke).Click();
        cut.WaitForElement("[data-testid=confirm-yes]").Click();

        cut.WaitForAssertion(() => Assert.Equal(["Kept Co"], Listed(cut)));
        cut.Find("#grant-search").Input("revoked co");
        cut.WaitForElement($"button[aria-label='Grant Revoked Co (#{revoked})']"); // offered again
        Assert.Contains("\"Acme Platform\" can no longer reach \"Revoked Co\".", Snackbars());
        Assert.False(await Grants.MayReachAccountAsync(appId, revoked, Ct));
        Assert.True(await Grants.MayReachAccountAsync(appId, kept, Ct));
    }

    [Fact]
    public async Task Someone_who_is_no_longer_an_operator_grants_and_revokes_nothing()
    {
        var appId = await AppAsync(); // the dialog opened by an operator whose role has gone since
        var granted = await Database.CreateAccountAsync("Granted before");
        var other = await Database.CreateAccountAsync("Not granted");
        await Grants.GrantAccountAsync(appId, granted, Ct);
        var cut = await OpenAsync(appId);

        cut.Find("#grant-search").Input("not granted");
        cut.WaitForElement($"button[aria-label='Grant Not granted (#{other})']").Click();
        cut.WaitForAssertion(() => Assert.Contains(OperatorGuard.NoLongerMessage, Snackbars()));
        Services.GetRequiredService<ISnackbar>().Clear(); // the same message is not shown twice at once
        cut.Find($"button[aria-label='Revoke access to Granted before (#{granted})']").Click();
        cut.WaitForElement("[data-testid=confirm-yes]").Click();
        cut.WaitForAssertion(() => Assert.Contains(OperatorGuard.NoLongerMessage, Snackbars()));

        Assert.True(await Grants.MayReachAccountAsync(appId, granted, Ct));
        Assert.False(await Grants.MayReachAccountAsync(appId, other, Ct));
    }
}
