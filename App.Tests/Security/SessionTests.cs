using System.Net;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Security;

/// <summary>Sign-in and sign-out as raw HTTP: what another site could make a signed-in browser send.</summary>
public sealed class SessionTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient NewClient() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.ServerAddress };

    [Fact]
    public async Task Sign_out_without_the_antiforgery_token_is_refused_and_the_session_stays()
    {
        using var client = NewClient();
        var session = await FormPost.SignInAsync(client, DashboardFactory.AdminEmail, DashboardFactory.AdminPassword);

        using var forged = new HttpRequestMessage(HttpMethod.Post, "/account/logout") { Content = new FormUrlEncodedContent([]) };
        forged.Headers.Add("Cookie", session);
        var response = await client.SendAsync(forged, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cleared) && cleared.Any(c => c.StartsWith(FormPost.SessionCookie + "=;", StringComparison.Ordinal)));
        var integrations = $"/accounts/{await app.DemoAccountIdAsync()}/settings/integrations";
        Assert.Equal(HttpStatusCode.OK, (await FormPost.GetAsync(client, integrations, session)).StatusCode);
    }

    [Fact]
    public async Task Sign_out_with_the_token_of_a_page_ends_the_session()
    {
        using var client = NewClient();
        var session = await FormPost.SignInAsync(client, DashboardFactory.AdminEmail, DashboardFactory.AdminPassword);

        var request = await FormPost.WithTokenOfAsync(client, "/account/login", "/account/logout", new Dictionary<string, string>(), session);
        var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location?.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(FormPost.SessionCookie + "=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_signed_in_browser_session_does_not_open_the_api()
    {
        using var client = NewClient();
        var session = await FormPost.SignInAsync(client, DashboardFactory.AdminEmail, DashboardFactory.AdminPassword);

        foreach (var path in new[] { $"/api/v1/accounts/{await app.DemoAccountIdAsync()}/webhooks", "/api/v1/profile", "/platform/api/v1/accounts/1" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", session);
            var response = await client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Null(response.Headers.Location); // a refusal in JSON, not a redirect to the sign-in page
        }
    }
}
