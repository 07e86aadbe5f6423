using System.Net;
using System.Net.Http.Headers;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Dispatch;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Security;

/// <summary>Input an attacker or a broken client sends: each gets a clear answer and changes nothing.</summary>
public sealed class BadInputTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private readonly HttpClient _client = app.CreateRealClient();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> UrlsWithControlCharacters => new()
    {
        "https://receiver.example/hook\r\nX-Injected: 1",
        "https://receiver.example/ho\nok",
        "https://receiver.example/ho\tok",
        "https://receiver.ex\u0000ample/hook",
        "https://receiver.example/hook\u007f",
    };

    [Theory, MemberData(nameof(UrlsWithControlCharacters))]
    public async Task A_webhook_url_with_control_characters_is_refused_with_422_and_nothing_is_stored(string url)
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Control chars");
        var body = System.Text.Json.JsonSerializer.Serialize(new { webhook = new { url, subscriptions = new[] { "message_created" } } });

        var response = await _client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{accountId}/webhooks", token, body);

        // The platform's words on the API; the settings modal still names the control characters (WebhookRules.ValidateUrl).
        Assert.Equal("""{"message":"Url is invalid","attributes":["url"]}""", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(422, (int)response.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.False(await db.Webhooks.AnyAsync(w => w.AccountId == accountId, Ct));
    }

    [Fact]
    public async Task An_event_body_that_is_not_valid_utf8_is_refused_with_400_and_nothing_is_stored()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Bad UTF-8");
        // "é" cut in half: 0xC3 without its continuation byte, inside a string value.
        byte[] bytes = [.. "{\"event\":\"message_created\",\"content\":\"caf"u8, 0xC3, .. "\"}"u8];
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/accounts/{accountId}/events") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("api_access_token", token);

        var response = await _client.SendAsync(request, Ct);

        await response.AssertErrorAsync(400, "not valid UTF-8");
        await using var db = app.CreateDbContext();
        Assert.False(await db.Events.AnyAsync(e => e.AccountId == accountId, Ct));
    }

    [Fact]
    public async Task A_repeated_key_is_named_as_such_without_an_empty_position()
    {
        var (accountId, _, _, token) = await app.CreateAccountAsync("Duplicate key");

        var response = await _client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{accountId}/events", token, """{"event":"message_created","event":"contact_created"}""");

        await response.AssertErrorAsync(400, "an object has the same key twice");
        Assert.DoesNotContain("(line , byte )", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("/accounts/1\t")]
    [InlineData("/accounts/1\r\nSet-Cookie: x=1")]
    public async Task A_login_return_address_with_control_characters_falls_back_to_the_home_page(string returnUrl)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.ServerAddress };
        var request = await FormPost.WithTokenOfAsync(client, "/account/login", "/account/login", new Dictionary<string, string>
        {
            ["email"] = DashboardFactory.AdminEmail, ["password"] = DashboardFactory.AdminPassword, ["returnUrl"] = returnUrl,
        });

        var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_is_reported_by_host_name_without_the_port()
    {
        var (sender, http) = SenderHarness.Create();
        using (http)
        {
            var outcome = await sender.SendAsync(SenderHarness.Request("http://no-such-host.invalid:8443/hook"), Ct);

            Assert.Equal("The host name no-such-host.invalid could not be resolved.", outcome.ErrorMessage);
        }
    }
}
