using System.Text.Json.Nodes;
using Dashboard.Deliveries;
using Dashboard.Events;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

/// <summary>
/// "Which webhook is in trouble, and what happens next?" answered at a glance, on a desktop (1440×900) and a phone (390×844):
/// health in the list, Retrying with its place in the schedule, one-line log rows, the row menu, the empty log's next step.
/// </summary>
public sealed class WebhookHealthFlowTests(BrowserFixture browser) : IAsyncLifetime
{
    /// <summary>A short, exact retry schedule (no jitter), so the page's words are known: 4 tries, the second 25 min after the first.</summary>
    private sealed class FourTriesApp : DashboardFactory
    {
        protected override void ConfigureSettings(IDictionary<string, string?> settings)
        {
            string[] schedule = ["00:00:00", "00:25:00", "01:00:00", "02:00:00"];
            for (var i = 0; i < schedule.Length; i++) settings[$"Dispatch:RetrySchedule:{i}"] = schedule[i];
            settings["Dispatch:Jitter"] = "0";
        }
    }

    private readonly FourTriesApp _app = new();
    private TestReceiver _receiver = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _receiver = await TestReceiver.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Admin_sees_which_webhook_fails_why_one_is_disabled_and_when_the_next_retry_goes_on_a_desktop_and_a_phone()
    {
        _receiver.Script("/crm", Reply.Error(500, "down for maintenance"));
        _receiver.Script("/old", Reply.Gone());
        var account = await _app.DemoAccountIdAsync();
        var webhooks = _app.Services.GetRequiredService<WebhookService>();
        var crm = (await webhooks.CreateAsync(account, new WebhookInput(_receiver.Url("/crm"), "CRM sync", ["message_created", "conversation_created"]), Ct)).Webhook!;
        var old = (await webhooks.CreateAsync(account, new WebhookInput(_receiver.Url("/old"), "Old reports", ["message_created"]), Ct)).Webhook!;
        var quiet = (await webhooks.CreateAsync(account, new WebhookInput(_receiver.Url("/quiet") + "/a/rather/long/path/that/would/break/on/a/phone?token=abcdef", "Quiet", ["contact_created"]), Ct)).Webhook!;
        await _app.Services.GetRequiredService<IEventPublisher>().PublishAsync(account, new JsonObject { ["event"] = "message_created", ["id"] = 42 }, ct: Ct);
        await WaitAsync(async db => await db.Webhooks.AnyAsync(w => w.Id == old.Id && w.Status == WebhookStatus.Disabled, Ct)
                                   && await db.Deliveries.AnyAsync(d => d.WebhookId == crm.Id && d.Attempts == 1, Ct));

        await using var session = await BrowserSession.OpenAsync(browser, _app.ServerAddress, nameof(Admin_sees_which_webhook_fails_why_one_is_disabled_and_when_the_next_retry_goes_on_a_desktop_and_a_phone));
        var page = session.Page;
        await page.SetViewportSizeAsync(1440, 900);
        await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword, Dashboard.Components.Shared.AccountRoute.Webhooks(account));

        // The list: failing with the last result and error rate, disabled with the reason, quiet with nothing yet.
        var rows = page.Locator("tr:has([data-testid=webhook-row])");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("webhook-status")).ToHaveTextAsync(["Failing", "Disabled", "Active"]);
        var crmHealth = rows.Nth(0).GetByTestId("webhook-health");
        await Assertions.Expect(crmHealth.GetByTestId("webhook-last")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Last: HTTP 500 · just now$"));
        await Assertions.Expect(crmHealth.GetByTestId("webhook-error-rate")).ToHaveTextAsync("100 % errors (1 try, 24 h)");
        await Assertions.Expect(rows.Nth(1).GetByTestId("webhook-disabled-reason")).ToContainTextAsync("Receiver answered 410 Gone");
        await Assertions.Expect(rows.Nth(1).GetByTestId("webhook-last")).ToContainTextAsync("Last: HTTP 410");
        await Assertions.Expect(rows.Nth(2).GetByTestId("webhook-last")).ToHaveTextAsync("No deliveries yet");
        await session.ScreenshotAsync("desktop-webhooks");

        // The log: "Retrying — attempt 1 of 4, next in 25 min" instead of "Pending" beside HTTP 500, one line per row.
        await session.GotoAsync(Dashboard.Components.Shared.AccountRoute.Deliveries(account));
        var crmRow = page.Locator("tr:has([data-testid=delivery-state])").Filter(new() { HasText = "Retrying" });
        await Assertions.Expect(crmRow.GetByTestId("retry-detail")).ToHaveTextAsync("attempt 1 of 4, next in 25 min");
        await Assertions.Expect(crmRow.GetByTestId("retry-detail")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex(@"^Next try at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$"));
        await Assertions.Expect(crmRow.GetByTestId("log-http")).ToHaveTextAsync("500");
        await Assertions.Expect(crmRow.GetByTestId("log-time")).ToHaveTextAsync("just now");
        // The 410 ended its delivery at once: Failed, nothing more to say.
        var oldRow = page.Locator("[data-testid=delivery-log] tbody tr").Filter(new() { HasText = "Old reports" });
        await Assertions.Expect(oldRow.GetByTestId("status-chip")).ToHaveTextAsync("Failed");
        await Assertions.Expect(oldRow.GetByTestId("retry-detail")).ToHaveCountAsync(0);
        await AssertOneLineRowsAsync(page);
        await session.ScreenshotAsync("desktop-log");

        // A phone: the log keeps one compact line per row, without the columns that do not fit.
        await page.SetViewportSizeAsync(390, 844);
        await Assertions.Expect(crmRow.GetByTestId("log-http")).ToBeHiddenAsync();
        await Assertions.Expect(crmRow.GetByTestId("log-time")).ToBeVisibleAsync();
        await AssertOneLineRowsAsync(page);
        await AssertNoSidewaysScrollAsync(page);
        await session.ScreenshotAsync("phone-log");

        // The list on a phone: stacked, no sideways scroll, actions in a named menu.
        await session.GotoAsync(Dashboard.Components.Shared.AccountRoute.Webhooks(account));
        await Assertions.Expect(page.GetByTestId("test-webhook").First).ToBeHiddenAsync();
        await AssertNoSidewaysScrollAsync(page);
        await session.ScreenshotAsync("phone-webhooks");
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "Actions for Quiet" });
        await menu.ClickAsync();
        await Assertions.Expect(page.GetByTestId("menu-delete-webhook")).ToBeVisibleAsync();
        await Task.Delay(400, Ct); // the menu fades in: the picture should show it, not its ghost
        await session.ScreenshotAsync("phone-row-menu");
        await page.GetByTestId("menu-delete-webhook").ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirm-dialog")).ToContainTextAsync("/quiet/a/rather/long/path");
        await page.GetByTestId("confirm-no").ClickAsync();

        // A webhook without deliveries offers the next step: send a test event.
        await session.GotoAsync(Dashboard.Components.Shared.AccountRoute.Webhook(account, quiet.Id));
        await Assertions.Expect(page.GetByTestId("log-empty")).ToContainTextAsync("No deliveries yet — send a test event");
        await session.ScreenshotAsync("phone-empty-webhook");
        await page.GetByTestId("empty-send-test").ClickAsync();
        await Assertions.Expect(page.GetByTestId("test-payload")).ToContainTextAsync("\"event\":");
        await session.ScreenshotAsync("phone-test-dialog-from-empty-log");

        await page.SetViewportSizeAsync(1440, 900);
        await session.GotoAsync(Dashboard.Components.Shared.AccountRoute.Webhook(account, crm.Id));
        await Assertions.Expect(page.GetByTestId("success-rate")).ToHaveTextAsync("0.0%");
        await session.ScreenshotAsync("desktop-failing-webhook");
    }

    private static async Task AssertOneLineRowsAsync(IPage page)
    {
        var heights = await page.Locator("[data-testid=delivery-log] tbody tr").EvaluateAllAsync<double[]>("rows => rows.map(r => r.getBoundingClientRect().height)");
        Assert.NotEmpty(heights);
        Assert.All(heights, h => Assert.InRange(h, 20, 56));
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        // Given a moment: the drawer slides away after the window narrows (polled here: the CSP forbids WaitForFunction's eval).
        var (scroll, client) = (0, 0);
        for (var i = 0; i < 30; i++)
        {
            (scroll, client) = (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("() => document.documentElement.clientWidth"));
            if (scroll <= client) return;
            await Task.Delay(100, Ct);
        }
        Assert.Fail($"the page scrolls sideways: {scroll} px wide in a {client} px window");
    }

    private async Task WaitAsync(Func<Dashboard.Data.AppDbContext, Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await using (var db = _app.CreateDbContext())
                if (await done(db)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The dispatcher did not get there in 20 s.");
            await Task.Delay(100, Ct);
        }
    }
}
