using System.Collections.Concurrent;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

/// <summary>The pages work under their Content-Security-Policy: nothing refused, and the circuit connects.</summary>
public sealed class ContentSecurityPolicyFlowTests(BrowserFixture browser, DashboardFactory _app) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Admin_goes_through_the_main_pages_and_the_browser_refuses_nothing()
    {
        var accountId = await _app.DemoAccountIdAsync();
        await using var session = await BrowserSession.OpenAsync(browser, _app.ServerAddress, nameof(Admin_goes_through_the_main_pages_and_the_browser_refuses_nothing));
        var page = session.Page;
        var violations = await RecordViolationsAsync(page);

        await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword);
        await page.WaitForURLAsync($"**/accounts/{accountId}");
        AssertNoneRefused(violations); // the sign-in page and the first page, before a broken layout gets in the way

        // In-app navigation (the circuit's router) and full loads (each one checks the headers again).
        await page.GetByRole(AriaRole.Link, new() { Name = "Integrations", Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"**/accounts/{accountId}/settings/integrations");
        await Assertions.Expect(page.Locator("[data-testid=integration-webhooks]")).ToBeVisibleAsync();

        await session.GotoAsync($"/accounts/{accountId}/settings/integrations/webhooks");
        await page.ClickAsync("[data-testid=add-webhook]");
        await Assertions.Expect(page.Locator(".mud-dialog").Filter(new() { HasText = "Add new webhook" })).ToBeVisibleAsync();
        await page.FillAsync("#webhook-url", "https://receiver.example.com/hook");
        await session.ScreenshotAsync("add-dialog");

        await session.GotoAsync($"/accounts/{accountId}/deliveries");
        await session.GotoAsync("/profile");
        await Assertions.Expect(page.GetByTestId("api-token-card")).ToBeVisibleAsync();
        await session.GotoAsync("/no-such-page");
        await Assertions.Expect(page.GetByText("Sorry, there is nothing at this address.")).ToBeVisibleAsync();
        await session.ScreenshotAsync("not-found");

        AssertNoneRefused(violations);

        // The check can fail: the policy is enforced, and a refusal is seen.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.appendChild(s); }");
        await Assertions.Expect(page.Locator("body")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<int?>("() => window.injected ?? null"));
        await Poll.UntilAsync(() => !violations.IsEmpty, TimeSpan.FromSeconds(15));
        Assert.Contains(violations, v => v.Contains("script-src", StringComparison.Ordinal));
    }

    /// <summary>
    /// Every refusal the page reports (the <c>securitypolicyviolation</c> event, through a binding that survives full
    /// loads) and every console line the browser writes about one.
    /// </summary>
    private static async Task<ConcurrentQueue<string>> RecordViolationsAsync(IPage page)
    {
        var violations = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.Contains("Refused to", StringComparison.Ordinal))
                violations.Enqueue($"console: {message.Text}");
        };
        await page.ExposeFunctionAsync("__reportCspViolation", (string text) => violations.Enqueue($"event: {text}"));
        await page.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
                window.__reportCspViolation(`${e.effectiveDirective} refused ${e.blockedURI || 'inline'} at ${e.documentURI}`), true);
            """);
        return violations;
    }

    private static void AssertNoneRefused(ConcurrentQueue<string> violations) =>
        Assert.True(violations.IsEmpty, "Refused by the Content-Security-Policy:\n" + string.Join("\n", violations));
}
