using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Dashboard.Accounts;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Dashboard.Tests.Accounts;

/// <summary>The profile page rendered with bunit against the real services and SQLite file of a running app.</summary>
public sealed class ProfilePageTests : BunitContext, IClassFixture<DashboardFactory>
{
    private readonly DashboardFactory _app;
    private readonly IRenderedComponent<MudDialogProvider> _dialogs;
    private readonly BunitAuthorizationContext _auth;

    public ProfilePageTests(DashboardFactory app)
    {
        _app = app;
        JSInterop.Mode = JSRuntimeMode.Loose;
        // A database behind the component (PostgreSQL in that run) on a busy machine can take longer than bunit's 1 s.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        Services.AddMudServices();
        Services.AddSingleton(app.Services.GetRequiredService<ApiTokenService>());
        Services.AddSingleton(app.Services.GetRequiredService<AccountAccess>());
        _auth = AddAuthorization();
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private async Task<string> SignInAsAsync(string email, bool withoutToken = false)
    {
        await using var db = _app.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == email, Ct);
        if (withoutToken)
        {
            user.ApiTokenHash = null;
            user.ApiTokenCreatedAt = null;
            await db.SaveChangesAsync(Ct);
        }
        _auth.SetAuthorized(email);
        _auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id));
        return user.Id;
    }

    private async Task<string?> StoredHashAsync(string userId)
    {
        await using var db = _app.CreateDbContext();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.ApiTokenHash).SingleAsync(Ct);
    }

    [Fact]
    public async Task Shows_email_accounts_roles_and_when_the_token_was_created_but_never_the_token()
    {
        await SignInAsAsync(DashboardFactory.AdminEmail);

        var page = Render<ProfilePage>();

        page.WaitForAssertion(() => Assert.Equal(DashboardFactory.AdminEmail, page.Find("[data-testid=profile-email]").TextContent));
        var accounts = page.Find("[data-testid=profile-accounts]").TextContent;
        Assert.Contains("Acme Support", accounts);
        Assert.Contains("Administrator", accounts);
        Assert.Contains("Your current token was created on", page.Find("[data-testid=api-token-status]").TextContent);
        Assert.Contains("Regenerate token", page.Find("[data-testid=generate-token]").TextContent);
        Assert.DoesNotContain(DashboardFactory.AdminApiToken, page.Markup);
        Assert.Empty(page.FindAll("#api-token-value"));
    }

    [Fact]
    public async Task Opened_by_its_bare_address_a_member_of_one_account_gets_that_account_in_the_address()
    {
        var (accountId, email, _, _) = await _app.CreateAccountAsync("Bare Profile Co");
        await SignInAsAsync(email);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("/profile");

        var page = Render<ProfilePage>();

        page.WaitForAssertion(() => Assert.EndsWith($"/profile?account={accountId}", navigation.Uri));
    }

    [Fact]
    public async Task Opened_from_an_account_the_address_stays_as_it_is()
    {
        var (_, email, _, _) = await _app.CreateAccountAsync("Kept Profile Co");
        await SignInAsAsync(email);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("/profile?account=424242");

        var page = Render<ProfilePage>();

        page.WaitForElement("[data-testid=profile-accounts]");
        Assert.EndsWith("/profile?account=424242", navigation.Uri);
    }

    [Fact]
    public async Task Regenerating_after_confirming_shows_the_new_token_once_and_the_old_one_stops_working()
    {
        var (_, email, _, oldToken) = await _app.CreateAccountAsync("Profile Regen");
        var userId = await SignInAsAsync(email);
        var page = Render<ProfilePage>();
        page.WaitForElement("[data-testid=generate-token]");

        page.Find("[data-testid=generate-token]").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Regenerate API token?", _dialogs.Markup));
        await _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Regenerate").ClickAsync(new());

        var token = page.WaitForElement("#api-token-value").GetAttribute("value");
        Assert.NotNull(token);
        Assert.StartsWith(AccessTokens.Prefix, token);
        Assert.Equal(AccessTokens.Hash(token), await StoredHashAsync(userId));
        var tokens = _app.Services.GetRequiredService<ApiTokenService>();
        Assert.Null(await tokens.FindUserIdAsync(oldToken, Ct));
        Assert.Equal(userId, await tokens.FindUserIdAsync(token, Ct));
        Assert.Contains(token, page.Find("[data-testid=api-token-example]").TextContent);

        await page.Find("[data-testid=copy-token]").ClickAsync(new());
        var copy = JSInterop.VerifyInvoke("navigator.clipboard.writeText");
        Assert.Equal(token, copy.Arguments.Single());
    }

    [Fact]
    public async Task Cancelling_the_confirmation_keeps_the_current_token()
    {
        var (_, email, _, oldToken) = await _app.CreateAccountAsync("Profile Cancel");
        var userId = await SignInAsAsync(email);
        var page = Render<ProfilePage>();
        page.WaitForElement("[data-testid=generate-token]");

        page.Find("[data-testid=generate-token]").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Regenerate API token?", _dialogs.Markup));
        await _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").ClickAsync(new());

        _dialogs.WaitForAssertion(() => Assert.DoesNotContain("Regenerate API token?", _dialogs.Markup));
        Assert.Empty(page.FindAll("#api-token-value"));
        Assert.Equal(AccessTokens.Hash(oldToken), await StoredHashAsync(userId));
    }

    [Fact]
    public async Task A_user_without_a_token_generates_one_without_a_confirmation()
    {
        var (_, email, _, _) = await _app.CreateAccountAsync("Profile First");
        var userId = await SignInAsAsync(email, withoutToken: true);
        var page = Render<ProfilePage>();
        page.WaitForAssertion(() => Assert.Contains("no API access token yet", page.Find("[data-testid=api-token-status]").TextContent));

        await page.Find("[data-testid=generate-token]").ClickAsync(new());

        var token = page.WaitForElement("#api-token-value").GetAttribute("value")!;
        Assert.Equal(AccessTokens.Hash(token), await StoredHashAsync(userId));
        Assert.Contains("Regenerate token", page.Find("[data-testid=generate-token]").TextContent);
        Assert.Contains("Your current token was created on", page.Find("[data-testid=api-token-status]").TextContent);
    }
}
