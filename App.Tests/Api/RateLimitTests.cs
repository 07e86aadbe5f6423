using System.Net;
using Dashboard.Platform;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Api;

/// <summary>The app with tiny limits, so a test can reach them.</summary>
public sealed class TightLimitsApp : DashboardFactory
{
    protected override void ConfigureSettings(IDictionary<string, string?> settings)
    {
        settings["RateLimits:IngestionPerSecond"] = "1";
        settings["RateLimits:PlatformApiPerMinute"] = "5";
        settings["RateLimits:LinksPerMinute"] = "3";
    }
}

/// <summary>Ingestion, the Platform API and one-time links answer 429 with Retry-After past their limit, and store nothing then.</summary>
public sealed class RateLimitTests(TightLimitsApp app) : IClassFixture<TightLimitsApp>
{
    private readonly HttpClient _client = app.CreateRealClient();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Events_past_the_accounts_limit_are_429_with_retry_after_and_not_stored()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Flood");

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            _client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{accountId}/events", token, $$"""{"event":"message_created","id":{{i}}}""")));

        var accepted = answers.Count(a => a.StatusCode == HttpStatusCode.Accepted);
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(20, accepted + refused.Count);
        Assert.True(refused.Count >= 15, $"{refused.Count} refused");
        Assert.All(refused, r => Assert.True(r.Headers.RetryAfter is not null));
        await refused[0].AssertErrorAsync(429, "Too many requests");
        await using var db = app.CreateDbContext();
        Assert.Equal(accepted, await db.Events.CountAsync(e => e.AccountId == accountId, Ct));
    }

    [Fact]
    public async Task Another_account_is_not_held_up_by_a_flooding_one()
    {
        var (flooding, _, _, floodToken) = await app.CreateAccountAsync("Flooding");
        var (quiet, _, _, quietToken) = await app.CreateAccountAsync("Quiet");
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            _client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{flooding}/events", floodToken, """{"event":"message_created"}""")));

        var answer = await _client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{quiet}/events", quietToken, """{"event":"message_created"}""");

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
    }

    [Fact]
    public async Task The_platform_api_limits_each_token()
    {
        var (_, token) = await app.Services.GetRequiredService<PlatformApps>().CreateAsync("Chatty", Ct);
        var (_, other) = await app.Services.GetRequiredService<PlatformApps>().CreateAsync("Calm", Ct);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++) statuses.Add((await _client.SendAsync(HttpMethod.Post, "/platform/api/v1/accounts", token, "{}")).StatusCode);
        var calm = await _client.SendAsync(HttpMethod.Post, "/platform/api/v1/accounts", other, "{}");

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.UnprocessableEntity, 5).Append(HttpStatusCode.TooManyRequests), statuses);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, calm.StatusCode);
    }

    [Fact]
    public async Task Sign_in_link_attempts_are_limited_per_address()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.ServerAddress };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await client.GetAsync($"/app/login?email=x%40y.test&sso_auth_token={i}", Ct)).StatusCode);

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
    }
}
