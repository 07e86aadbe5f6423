using System.Net;
using Dashboard.Accounts;
using Dashboard.Platform;
using Dashboard.Tests.Events;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Platform;

/// <summary>The platform's sign-in links and the set-password links: random, hashed at rest, once, and only for minutes (a day).</summary>
public sealed class SignInLinkTests(FakeClockDashboardFactory app) : IClassFixture<FakeClockDashboardFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(string Url, string UserId)> LinkAsync(string name)
    {
        var (_, token) = await app.Services.GetRequiredService<PlatformApps>().CreateAsync("Links " + name, Ct);
        var client = app.CreateRealClient();
        var user = await (await client.SendAsync(HttpMethod.Post, "/platform/api/v1/users", token, $$"""{"name":"{{name}}","email":"{{name}}@links.test"}""")).ReadJsonAsync();
        var number = user["id"]!.GetValue<int>();
        var link = await (await client.SendAsync(HttpMethod.Get, $"/platform/api/v1/users/{number}/login", token)).ReadJsonAsync();
        Assert.Equal(["url"], link.Select(p => p.Key));
        await using var db = app.CreateDbContext();
        return (link["url"]!.GetValue<string>(), await db.Users.Where(u => u.Email == $"{name}@links.test").Select(u => u.Id).SingleAsync(Ct));
    }

    /// <summary>Opens the link as a browser would (no redirects followed): where it sends them, and whether it set the sign-in cookie.</summary>
    private async Task<(string Location, bool SignedIn)> OpenAsync(string url)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        var response = await client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
        return (response.Headers.Location!.OriginalString, cookies.Any(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_link_signs_its_user_in_once_and_then_says_it_was_used()
    {
        var (url, _) = await LinkAsync("once");
        Assert.StartsWith(new Uri(app.ServerAddress, SignInLinks.Path).ToString() + "?email=once%40links.test&sso_auth_token=", url);
        Assert.Matches("sso_auth_token=[0-9a-f]{64}$", url);

        Assert.Equal(("/", true), await OpenAsync(url));
        Assert.Equal(("/account/login?error=link", false), await OpenAsync(url));
    }

    [Fact]
    public async Task A_link_older_than_5_minutes_signs_nobody_in()
    {
        var (url, _) = await LinkAsync("late");
        app.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Equal(("/account/login?error=link", false), await OpenAsync(url));
    }

    [Fact]
    public async Task A_link_with_another_token_or_email_signs_nobody_in_and_the_real_one_still_works()
    {
        var (url, _) = await LinkAsync("guess");
        var token = url[(url.IndexOf("sso_auth_token=", StringComparison.Ordinal) + 15)..];
        var forged = url.Replace(token, new string('0', 64));
        var otherEmail = url.Replace("guess%40links.test", "admin%40example.com");

        Assert.Equal(("/account/login?error=link", false), await OpenAsync(forged));
        Assert.Equal(("/account/login?error=link", false), await OpenAsync(otherEmail));
        Assert.Equal(("/", true), await OpenAsync(url));
    }

    [Fact]
    public async Task Only_a_hash_is_stored_and_a_new_link_replaces_the_previous_one()
    {
        var (first, userId) = await LinkAsync("stored");
        var secret = first[(first.IndexOf("sso_auth_token=", StringComparison.Ordinal) + 15)..];
        await using (var db = app.CreateDbContext())
        {
            var stored = await db.UserTokens.Where(t => t.UserId == userId).Select(t => t.Value).SingleAsync(Ct);
            Assert.DoesNotContain(secret, stored!);
            Assert.StartsWith(AccessTokens.Hash(secret), stored);
        }
        var second = await app.Services.GetRequiredService<SignInLinks>().IssueAsync(new ApplicationUser { Id = userId, Email = "stored@links.test" }, Ct);

        Assert.NotEqual(first, second);
        Assert.Equal(("/account/login?error=link", false), await OpenAsync(first));
        Assert.Equal(("/", true), await OpenAsync(second));
    }

    [Fact]
    public async Task A_set_password_link_lasts_a_day_and_works_once()
    {
        var (_, userId) = await LinkAsync("password");
        var links = app.Services.GetRequiredService<OneTimeLinks>();
        var secret = await links.IssueAsync(userId, LinkPurpose.SetPassword, Ct);

        app.Time.Advance(TimeSpan.FromHours(23));
        Assert.True(await links.IsValidAsync(userId, LinkPurpose.SetPassword, secret, Ct));
        Assert.False(await links.IsValidAsync(userId, LinkPurpose.SignIn, secret, Ct)); // a purpose is part of the key
        Assert.True(await links.ConsumeAsync(userId, LinkPurpose.SetPassword, secret, Ct));
        Assert.False(await links.ConsumeAsync(userId, LinkPurpose.SetPassword, secret, Ct));

        var late = await links.IssueAsync(userId, LinkPurpose.SetPassword, Ct);
        app.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        Assert.False(await links.ConsumeAsync(userId, LinkPurpose.SetPassword, late, Ct));
    }

    [Fact]
    public async Task Of_many_simultaneous_uses_of_a_link_exactly_one_signs_in()
    {
        var (url, _) = await LinkAsync("race");
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => OpenAsync(url)));
        Assert.Equal(1, results.Count(r => r.SignedIn));
    }

    [Fact]
    public async Task A_platform_tokens_grace_ends_when_its_time_is_up()
    {
        var apps = app.Services.GetRequiredService<PlatformApps>();
        var (created, old) = await apps.CreateAsync("Grace", Ct);
        await apps.RegenerateAsync(created.Id, TimeSpan.FromHours(24), Ct);

        app.Time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(created.Id, await apps.FindByTokenAsync(old, Ct));
        app.Time.Advance(TimeSpan.FromHours(1));
        Assert.Null(await apps.FindByTokenAsync(old, Ct));
    }
}
