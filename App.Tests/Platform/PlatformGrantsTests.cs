using Dashboard.Platform;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Platform;

/// <summary>Which accounts a platform app may reach, as the operator console lists, grants and revokes them, over a real database.</summary>
public sealed class PlatformGrantsTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly PlatformGrants _grants;
    private readonly PlatformApps _apps;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public PlatformGrantsTests()
    {
        var cache = new PlatformAccessCache(Microsoft.Extensions.Options.Options.Create(new Dashboard.Accounts.AccessOptions()), TimeProvider.System);
        _grants = new PlatformGrants(_database, cache);
        _apps = new PlatformApps(_database, cache, TimeProvider.System);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private async Task<int> AppAsync(string name) => (await _apps.CreateAsync(name, Ct)).App.Id;

    private async Task<int> GrantedAsync(int appId, string accountName)
    {
        var accountId = await _database.CreateAccountAsync(accountName);
        Assert.Equal(GrantOutcome.Granted, await _grants.GrantAccountAsync(appId, accountId, Ct));
        return accountId;
    }

    private async Task<int> GrantRowsAsync()
    {
        await using var db = await _database.CreateDbContextAsync(Ct);
        return await db.PlatformAppAccounts.CountAsync(Ct);
    }

    [Fact]
    public async Task An_apps_accounts_come_by_id_a_page_at_a_time_with_the_total_and_none_of_another_apps()
    {
        var appId = await AppAsync("Lister");
        var other = await AppAsync("Other");
        var ids = new List<int>();
        for (var i = 1; i <= 12; i++) ids.Add(await GrantedAsync(appId, $"Tenant {i:00}"));
        await GrantedAsync(other, "Not the lister's");

        var first = await _grants.AccountsAsync(appId, null, 0, 5, Ct);
        var last = await _grants.AccountsAsync(appId, null, 10, 5, Ct);

        Assert.Equal(12, first.Total);
        Assert.Equal(ids.Take(5), first.Rows.Select(r => r.Id));
        Assert.Equal(["Tenant 11", "Tenant 12"], last.Rows.Select(r => r.Name));
        Assert.Equal(0, (await _grants.AccountsAsync(await AppAsync("Empty"), null, 0, 5, Ct)).Total);
    }

    [Fact]
    public async Task A_search_matches_a_name_ignoring_case_or_an_id_among_the_apps_accounts_only()
    {
        var appId = await AppAsync("Searcher");
        var umbrella = await GrantedAsync(appId, "Umbrella Corp");
        var initech = await GrantedAsync(appId, "Initech");
        await _database.CreateAccountAsync("Umbrella Elsewhere"); // exists, not granted

        var byName = await _grants.AccountsAsync(appId, "  umbRELLA ", 0, 10, Ct);
        var byId = await _grants.AccountsAsync(appId, initech.ToString(), 0, 10, Ct);
        var none = await _grants.AccountsAsync(appId, "no such thing", 0, 10, Ct);

        Assert.Equal([new ReachableAccount(umbrella, "Umbrella Corp")], byName.Rows);
        Assert.Equal(1, byName.Total);
        Assert.Equal([initech], byId.Rows.Select(r => r.Id));
        Assert.Equal(0, none.Total);
    }

    [Fact]
    public async Task Of_the_accounts_asked_about_only_those_this_app_reaches_are_named()
    {
        var appId = await AppAsync("Marker");
        var other = await AppAsync("Other marker");
        var reached = await GrantedAsync(appId, "Reached");
        var notReached = await _database.CreateAccountAsync("Not reached");
        var othersOnly = await GrantedAsync(other, "Other's only");
        var alsoReached = await GrantedAsync(appId, "Also reached, not asked about");

        var marked = await _grants.ReachedAmongAsync(appId, [reached, notReached, othersOnly], Ct);

        Assert.Equal([reached], marked.Order());
        Assert.DoesNotContain(alsoReached, marked);
        Assert.Empty(await _grants.ReachedAmongAsync(appId, [], Ct));
    }

    [Fact]
    public async Task Granting_twice_changes_nothing_and_says_it_was_already_granted()
    {
        var appId = await AppAsync("Twice");
        var accountId = await GrantedAsync(appId, "Granted once");

        Assert.Equal(GrantOutcome.AlreadyGranted, await _grants.GrantAccountAsync(appId, accountId, Ct));

        Assert.Equal(1, await GrantRowsAsync());
        Assert.True(await _grants.MayReachAccountAsync(appId, accountId, Ct));
    }

    [Fact]
    public async Task Grants_made_at_the_same_moment_leave_one_row_and_exactly_one_says_granted()
    {
        var appId = await AppAsync("Double click");
        var accountId = await _database.CreateAccountAsync("Clicked twice");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _grants.GrantAccountAsync(appId, accountId, Ct), Ct)));

        Assert.Single(outcomes, o => o == GrantOutcome.Granted);
        Assert.All(outcomes, o => Assert.Contains(o, new[] { GrantOutcome.Granted, GrantOutcome.AlreadyGranted }));
        Assert.Equal(1, await GrantRowsAsync());
    }

    [Fact]
    public async Task An_unknown_account_or_a_revoked_app_is_granted_nothing_and_says_which()
    {
        var appId = await AppAsync("Asker");
        var accountId = await _database.CreateAccountAsync("Real");
        var gone = await AppAsync("Gone");
        await _apps.RevokeAsync(gone, Ct);

        Assert.Equal(GrantOutcome.NoSuchAccount, await _grants.GrantAccountAsync(appId, accountId + 1000, Ct));
        Assert.Equal(GrantOutcome.NoSuchApp, await _grants.GrantAccountAsync(gone, accountId, Ct));
        Assert.Equal(0, await GrantRowsAsync());
    }

    [Fact]
    public async Task Revoking_ends_that_apps_reach_of_that_account_and_nothing_else()
    {
        var appId = await AppAsync("Revoked from");
        var other = await AppAsync("Keeps it");
        var shared = await GrantedAsync(appId, "Shared");
        Assert.Equal(GrantOutcome.Granted, await _grants.GrantAccountAsync(other, shared, Ct));
        var kept = await GrantedAsync(appId, "Kept");

        Assert.True(await _grants.RevokeAccountAsync(appId, shared, Ct));

        Assert.False(await _grants.MayReachAccountAsync(appId, shared, Ct));
        Assert.True(await _grants.MayReachAccountAsync(other, shared, Ct));
        Assert.Equal([kept], (await _grants.AccountsAsync(appId, null, 0, 10, Ct)).Rows.Select(r => r.Id));
        Assert.False(await _grants.RevokeAccountAsync(appId, shared, Ct)); // a second revoke finds nothing to end
        await using var db = await _database.CreateDbContextAsync(Ct);
        Assert.True(await db.Accounts.AnyAsync(a => a.Id == shared, Ct)); // the account itself stays
    }
}
