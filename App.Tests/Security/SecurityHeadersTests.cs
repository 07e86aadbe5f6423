using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashboard.Tests.Security;

/// <summary>Every kind of answer carries the security headers; the pages' policy allows their one inline script.</summary>
public sealed partial class SecurityHeadersTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private readonly HttpClient _client = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.ServerAddress };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, HttpStatusCode> Answers => new()
    {
        { "/account/login", HttpStatusCode.OK },                    // a page
        { "/app.css", HttpStatusCode.OK },                          // a static file
        { "/accounts/1/settings/integrations", HttpStatusCode.Redirect }, // a page's redirect to sign in
        { "/no-such-page", HttpStatusCode.NotFound },               // the "not found" page, re-executed
        { "/api/v1/accounts/1/webhooks", HttpStatusCode.Unauthorized }, // an API error (no token)
        { "/api/v1/no-such-route", HttpStatusCode.NotFound },       // the API's JSON 404
        { "/openapi/v1.json", HttpStatusCode.OK },                 // the API's description
        { "/api-docs", HttpStatusCode.OK },                         // a public page: the API's description for people
    };

    [Theory, MemberData(nameof(Answers))]
    public async Task Every_answer_carries_nosniff_a_referrer_policy_and_a_content_security_policy(string path, HttpStatusCode status)
    {
        var response = await _client.GetAsync(path, Ct);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        var policy = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", policy);
        if (path.StartsWith("/api/", StringComparison.Ordinal)) Assert.Equal("default-src 'none'; frame-ancestors 'none'", policy);
        else Assert.Contains("object-src 'none'", policy);
    }

    [Fact]
    public async Task The_pages_policy_allows_no_inline_script_but_the_import_map_and_no_eval()
    {
        // The sign-in page is plain HTML with no script at all; an interactive page (here: not found) has the import map.
        var login = await _client.GetAsync("/account/login", Ct);
        Assert.Empty(InlineScript().Matches(await login.Content.ReadAsStringAsync(Ct)));
        var response = await _client.GetAsync("/no-such-page", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        var policy = Header(response, "Content-Security-Policy");

        var scripts = InlineScript().Matches(html);
        var importMap = Assert.Single(scripts);
        Assert.Contains("type=\"importmap\"", importMap.Groups["attributes"].Value);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap.Groups["body"].Value)));
        Assert.Equal($"script-src 'self' 'sha256-{hash}'", Directive(policy, "script-src"));
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Equal("style-src 'self' 'unsafe-inline'", Directive(policy, "style-src"));
        Assert.Equal("base-uri 'self'", Directive(policy, "base-uri"));
        Assert.Equal("form-action 'self'", Directive(policy, "form-action"));
    }

    [Fact]
    public async Task Hsts_is_sent_over_https_outside_development_only()
    {
        using var development = new HstsProbe("Development");
        using var production = new HstsProbe("Production");

        Assert.False((await development.GetLoginAsync()).Headers.Contains("Strict-Transport-Security"));
        var response = await production.GetLoginAsync();
        Assert.StartsWith("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        string.Join(", ", response.Headers.TryGetValues(name, out var values) ? values
            : response.Content.Headers.TryGetValues(name, out var contentValues) ? contentValues : []);

    private static string Directive(string policy, string name) =>
        policy.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith(name + " ", StringComparison.Ordinal));

    /// <summary>A script element with a body (not just a <c>src</c>).</summary>
    [GeneratedRegex("<script(?<attributes>[^>]*)>(?<body>[^<]+)</script>")]
    private static partial Regex InlineScript();

    /// <summary>
    /// The app in memory (no Kestrel, so a request can say https and a host that is not localhost, which UseHsts skips),
    /// in the given environment, with its own empty database.
    /// </summary>
    private sealed class HstsProbe(string environment) : WebApplicationFactory<Program>
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "dashboard-tests", Guid.NewGuid().ToString("N"));

        public async Task<HttpResponseMessage> GetLoginAsync()
        {
            using var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://dashboard.example/"), AllowAutoRedirect = false });
            var response = await client.GetAsync("/account/login", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return response;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            Directory.CreateDirectory(_directory);
            builder.UseEnvironment(environment);
            builder.UseSetting("Database:Path", Path.Combine(_directory, "dashboard.db"));
            builder.UseSetting("Demo:Enabled", "false");
            builder.UseSetting("App:PublicUrl", "https://dashboard.example");
            builder.UseSetting("Dispatch:Enabled", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        }
    }
}
