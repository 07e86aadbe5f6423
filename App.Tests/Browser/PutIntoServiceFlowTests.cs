using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

/// <summary>
/// An installation put into service as a new operator would, on a Production-mode app with an empty database (no demo):
/// the command line makes the operator, who sets a password in the browser and makes a platform app in the console; its token provisions an account,
/// a user and a membership; the user's one-time sign-in link opens their account signed in; the same token sends an event
/// that a real receiver gets, signed.
/// </summary>
public sealed class PutIntoServiceFlowTests(BrowserFixture browser, PutIntoServiceFlowTests.ProductionApp app) : IClassFixture<PutIntoServiceFlowTests.ProductionApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Production, no demo, its public address known before it starts (the links are built from it).</summary>
    public sealed class ProductionApp() : DashboardFactory(ReservedPort)
    {
        private static readonly int ReservedPort = FreePort();
        public static string PublicUrl => $"http://127.0.0.1:{ReservedPort}";

        /// <summary>What the command line needs to reach the same database.</summary>
        public Dictionary<string, string?> DatabaseSettings => PostgreSqlConnectionString is null
            ? new() { ["Database:Path"] = DatabasePath, ["App:PublicUrl"] = PublicUrl }
            : new() { ["Database:Provider"] = "PostgreSQL", ["Database:ConnectionString"] = PostgreSqlConnectionString, ["App:PublicUrl"] = PublicUrl };

        protected override void ConfigureSettings(IDictionary<string, string?> settings)
        {
            settings["Demo:Enabled"] = "false";
            settings["App:PublicUrl"] = PublicUrl;
            settings["Webhooks:AllowPrivateNetworks"] = "true"; // the receiver is on loopback
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            // A published app has the framework's and packages' files in wwwroot; from the build output they are found
            // through the static web assets manifest, which only Development reads by itself.
            builder.UseStaticWebAssets();
        }
    }

    private static string Line(string output, string startsWith) =>
        output.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(startsWith, StringComparison.Ordinal));

    [Fact]
    public async Task Operator_platform_app_account_user_sign_in_link_and_a_signed_event_from_an_empty_database()
    {
        // The command line, on an empty database: the first operator and their one-time link.
        var (code, output) = await AppCommandLine.RunAsync(app.DatabaseSettings, "operator", "create", "ops@service.test");
        Assert.True(code == 0, output);
        var setPassword = Line(output, ProductionApp.PublicUrl + "/account/set-password?");

        await using var receiver = await TestReceiver.StartAsync();
        var token = "";
        await using (var operatorSession = await BrowserSession.OpenAsync(browser, app.ServerAddress, "put-into-service-operator"))
        {
            var page = operatorSession.Page;
            await operatorSession.GotoAsync(setPassword);
            await operatorSession.ScreenshotAsync("set-password");
            await page.AssertNoSeriousAxeViolationsAsync("set password");
            await page.FillAsync("#password", "Operator-Pass-123!");
            await page.FillAsync("#confirm", "Operator-Pass-123!");
            await page.ClickAsync("button[type=submit]");
            // Signed in, an operator with no account starts in the console, and makes the platform app there.
            await page.WaitForURLAsync("**/operator");
            await operatorSession.WaitInteractiveAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Operator console" })).ToBeVisibleAsync();
            await page.FillAsync("#platform-app-name", "Acme Platform");
            await page.GetByTestId("create-platform-app").ClickAsync();
            await Assertions.Expect(page.GetByTestId("token-shown-once")).ToBeVisibleAsync();
            token = await page.InputValueAsync("#platform-app-token");
            await operatorSession.ScreenshotAsync("console-platform-app");
            await page.AssertNoSeriousAxeViolationsAsync("operator console, platform apps");

            // The link worked once: opened again, it says so.
            await operatorSession.GotoAsync(setPassword);
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("expired or was already used");
            await page.AssertNoSeriousAxeViolationsAsync("set password, used link");
        }
        Assert.Matches("^dshp_[0-9a-f]{64}$", token);

        // The platform's backend provisions through the Platform API, as its scripts do with curl.
        using var api = app.CreateRealClient();
        var account = await (await api.SendAsync(HttpMethod.Post, "/platform/api/v1/accounts", token, """{"name":"Initech"}""")).ReadJsonAsync();
        var accountId = account["id"]!.GetValue<int>();
        var user = await (await api.SendAsync(HttpMethod.Post, "/platform/api/v1/users", token, """{"name":"Peter Gibbons","email":"peter@initech.test"}""")).ReadJsonAsync();
        var userNumber = user["id"]!.GetValue<int>();
        var membership = await api.SendAsync(HttpMethod.Post, $"/platform/api/v1/accounts/{accountId}/account_users", token, $$"""{"user_id":{{userNumber}},"role":"administrator"}""");
        Assert.Equal(HttpStatusCode.OK, membership.StatusCode);
        var webhook = await (await api.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{accountId}/webhooks", token,
            $$"""{"url":"{{receiver.Url("/initech")}}","subscriptions":["message_created"]}""")).ReadJsonAsync();
        var secret = webhook["payload"]!["webhook"]!["secret"]!.GetValue<string>();
        var link = (await (await api.SendAsync(HttpMethod.Get, $"/platform/api/v1/users/{userNumber}/login", token)).ReadJsonAsync())["url"]!.GetValue<string>();
        Assert.StartsWith(ProductionApp.PublicUrl + "/app/login?", link);

        // The user follows the link: signed in, on their account, no password asked.
        await using (var userSession = await BrowserSession.OpenAsync(browser, app.ServerAddress, "put-into-service-user"))
        {
            await userSession.GotoAsync(link);
            await userSession.Page.WaitForURLAsync($"**/accounts/{accountId}");
            await Assertions.Expect(userSession.Page.GetByText("Initech").First).ToBeVisibleAsync();
            await Assertions.Expect(userSession.Page.GetByText("Administrator").First).ToBeVisibleAsync();
            await userSession.ScreenshotAsync("signed-in-by-link");

            // Used once: a second visit signs nobody in.
            await userSession.Page.Context.ClearCookiesAsync();
            await userSession.GotoAsync(link);
            await Assertions.Expect(userSession.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("expired or was already used");
            await userSession.Page.AssertNoSeriousAxeViolationsAsync("sign-in, used link");
        }

        // The platform's one key sends the account's events; the receiver gets it signed with the webhook's secret.
        var posted = await api.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{accountId}/events", token, """{"event":"message_created","id":4711,"content":"Hello"}""");
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        await receiver.WaitUntilAsync(r => r.Any(x => x.Path == "/initech"));
        var received = receiver.To("/initech").Single();
        var timestamp = received.Header("X-Chatwoot-Timestamp");
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{received.Body}")));
        Assert.Equal(expected, received.Header("X-Chatwoot-Signature"));
        Assert.Contains("\"id\":4711", received.Body);

        await using var db = app.CreateDbContext();
        Assert.False(await db.Accounts.AnyAsync(a => a.Name == "Acme Support", Ct)); // no demo in Production
    }
}
