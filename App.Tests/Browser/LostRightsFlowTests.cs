using Dashboard.Dispatch;
using Dashboard.Accounts;
using Dashboard.Components.Shared;
using Dashboard.Deliveries;
using Dashboard.Events;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

/// <summary>
/// A page opened by an administrator who is then demoted or removed: every action that changes something is refused
/// at the click, says why, and changes nothing. The page's own re-check is slowed down here (an hour), so it is the
/// action's check that is proven; <see cref="OpenPageRecheckFlowTests"/> proves the re-check.
/// </summary>
public sealed class LostRightsFlowTests(BrowserFixture browser, LostRightsFlowTests.SlowRecheckApp app) : IClassFixture<LostRightsFlowTests.SlowRecheckApp>, IAsyncDisposable
{
    /// <summary>How the user lost the rights between opening the page and clicking.</summary>
    public enum Loss { Demoted, Removed }

    public sealed class SlowRecheckApp : DashboardFactory
    {
        protected override void ConfigureSettings(IDictionary<string, string?> settings) =>
            settings["Accounts:MembershipRecheckInterval"] = "01:00:00";
    }

    private const string DeadReceiver = "http://127.0.0.1:9/hook"; // the discard port: nothing listens, every send fails
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, InlineData(Loss.Demoted), InlineData(Loss.Removed)]
    public async Task Creating_a_webhook_is_refused(Loss loss)
    {
        var (account, page, session) = await OpenAsync(loss, nameof(Creating_a_webhook_is_refused), "webhooks");
        await page.GetByTestId("add-webhook").ClickAsync();
        await page.FillAsync("#webhook-url", "https://receiver.example.com/new");
        await page.GetByText("Message created (message_created)").ClickAsync();
        await LoseRightsAsync(account, loss);
        await page.GetByTestId("dialog-save").ClickAsync();
        await ExpectRefusedAsync(session);
        Assert.Equal(0, await CountAsync(db => db.Webhooks.CountAsync(w => w.AccountId == account.Id, Ct)));
    }

    [Theory, InlineData(Loss.Demoted), InlineData(Loss.Removed)]
    public async Task Editing_a_webhook_is_refused(Loss loss)
    {
        var (account, page, session) = await OpenAsync(loss, nameof(Editing_a_webhook_is_refused), "webhooks");
        var webhook = await AddWebhookAsync(account.Id);
        await session.ReloadAsync();
        await page.GetByTestId("edit-webhook").ClickAsync();
        await page.FillAsync("#webhook-name", "Renamed");
        await LoseRightsAsync(account, loss);
        await page.GetByTestId("dialog-save").ClickAsync();
        await ExpectRefusedAsync(session);
        Assert.Equal("Orders", await CountAsync(db => db.Webhooks.Where(w => w.Id == webhook.Id).Select(w => w.Name).SingleAsync(Ct)));
    }

    [Theory, InlineData(Loss.Demoted), InlineData(Loss.Removed)]
    public async Task Rotating_a_secret_is_refused(Loss loss)
    {
        var (account, page, session) = await OpenAsync(loss, nameof(Rotating_a_secret_is_refused), "webhooks");
        var webhook = await AddWebhookAsync(account.Id);
        await session.ReloadAsync();
        await page.GetByTestId("edit-webhook").ClickAsync();
        await page.GetByTestId("rotate-secret").ClickAsync();
        await page.GetByTestId("rotate-confirm").ClickAsync();
        await LoseRightsAsync(account, loss);
        await page.GetByTestId("dialog-save").ClickAsync();
        await ExpectRefusedAsync(session);
        Assert.Equal((webhook.Secret, (string?)null), await CountAsync(db => db.Webhooks.Where(w => w.Id == webhook.Id).Select(w => new ValueTuple<string, string?>(w.Secret, w.PreviousSecret)).SingleAsync(Ct)));
    }

    [Theory, InlineData(Loss.Demoted), InlineData(Loss.Removed)]
    public async Task Deleting_a_webhook_is_refused(Loss loss)
    {
        var (account, page, session) = await OpenAsync(loss, nameof(Deleting_a_webhook_is_refused), "webhooks");
        await AddWebhookAsync(account.Id);
        await session.ReloadAsync();
        await page.GetByTestId("delete-webhook").ClickAsync();
        await LoseRightsAsync(account, loss);
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, Delete" }).ClickAsync();
        await ExpectRefusedAsync(session);
        Assert.Equal(1, await CountAsync(db => db.Webhooks.CountAsync(w => w.AccountId == account.Id, Ct)));
    }

    [Theory, InlineData(Loss.Demoted), InlineData(Loss.Removed)]
    public async Task Sending_a_test_event_is_refused(Loss loss)
    {
        var (account, page, session) = await OpenAsync(loss, nameof(Sending_a_test_event_is_refused), "webhooks");
        await AddWebhookAsync(account.Id);
        await session.ReloadAsync();
        await page.GetByTestId("test-webhook").ClickAsync();
        await Assertions.Expect(page.GetByTestId("test-send")).ToBeVisibleAsync();
        await LoseRightsAsync(account, loss);
        await page.GetByTestId("test-send").ClickAsync();
        await ExpectRefusedAsync(session);
        Assert.Equal(0, await CountAsync(db => db.Attempts.CountAsync(a => a.AccountId == account.Id, Ct)));
    }

    [Theory, InlineData(Loss.Demoted), InlineData(Loss.Removed)]
    public async Task Disabling_a_webhook_is_refused(Loss loss)
    {
        var (account, page, session) = await OpenAsync(loss, nameof(Disabling_a_webhook_is_refused), null);
        var webhook = await AddWebhookAsync(account.Id);
        await session.GotoAsync(AccountRoute.Webhook(account.Id, webhook.Id));
        await page.GetByTestId("disable").ClickAsync();
        await LoseRightsAsync(account, loss);
        await page.GetByTestId("confirm-yes").ClickAsync();
        await ExpectRefusedAsync(session);
        Assert.Equal(WebhookStatus.Active, await CountAsync(db => db.Webhooks.Where(w => w.Id == webhook.Id).Select(w => w.Status).SingleAsync(Ct)));
    }

    [Theory, InlineData(Loss.Demoted), InlineData(Loss.Removed)]
    public async Task Enabling_a_webhook_is_refused(Loss loss)
    {
        var (account, page, session) = await OpenAsync(loss, nameof(Enabling_a_webhook_is_refused), null);
        var webhook = await AddWebhookAsync(account.Id);
        await app.Services.GetRequiredService<WebhookService>().SetStatusAsync(account.Id, webhook.Id, WebhookStatus.Disabled, "Disabled by an admin", Ct);
        await session.GotoAsync(AccountRoute.Webhook(account.Id, webhook.Id));
        await LoseRightsAsync(account, loss);
        await page.GetByTestId("enable").ClickAsync();
        await ExpectRefusedAsync(session);
        Assert.Equal(WebhookStatus.Disabled, await CountAsync(db => db.Webhooks.Where(w => w.Id == webhook.Id).Select(w => w.Status).SingleAsync(Ct)));
    }

    [Theory, InlineData(Loss.Demoted), InlineData(Loss.Removed)]
    public async Task Recovering_failed_deliveries_is_refused(Loss loss)
    {
        var (account, page, session) = await OpenAsync(loss, nameof(Recovering_failed_deliveries_is_refused), null);
        var webhook = await AddWebhookAsync(account.Id);
        await FailOnceAsync(account.Id, webhook.Id);
        await session.GotoAsync(AccountRoute.Webhook(account.Id, webhook.Id));
        await LoseRightsAsync(account, loss);
        await page.GetByTestId("recover-start").ClickAsync();
        await ExpectRefusedAsync(session);
        Assert.Equal(1, await CountAsync(db => db.Attempts.CountAsync(a => a.AccountId == account.Id, Ct)));
    }

    [Theory, InlineData(Loss.Demoted), InlineData(Loss.Removed)]
    public async Task Resending_a_delivery_is_refused(Loss loss)
    {
        var (account, page, session) = await OpenAsync(loss, nameof(Resending_a_delivery_is_refused), null);
        var webhook = await AddWebhookAsync(account.Id);
        var deliveryId = await FailOnceAsync(account.Id, webhook.Id);
        await session.GotoAsync(AccountRoute.Delivery(account.Id, deliveryId));
        await LoseRightsAsync(account, loss);
        await page.GetByTestId("resend").ClickAsync();
        await ExpectRefusedAsync(session);
        Assert.Equal(1, await CountAsync(db => db.Attempts.CountAsync(a => a.AccountId == account.Id, Ct)));
    }

    private async Task<(Account Account, IPage Page, BrowserSession Session)> OpenAsync(Loss loss, string test, string? webhooksPage)
    {
        var (accountId, email, password, _) = await app.CreateAccountAsync($"Rights {Guid.NewGuid():N}");
        var session = await BrowserSession.OpenAsync(browser, app.ServerAddress, $"{test}-{loss}");
        _sessions.Add(session);
        await session.SignInAsync(email, password, webhooksPage is null ? "/" : AccountRoute.Webhooks(accountId));
        return (new Account(accountId, email), session.Page, session);
    }

    private sealed record Account(int Id, string Email);

    private readonly List<BrowserSession> _sessions = [];

    private async Task LoseRightsAsync(Account account, Loss loss)
    {
        await using var db = app.CreateDbContext();
        var userId = await db.Users.Where(u => u.Email == account.Email).Select(u => u.Id).SingleAsync(Ct);
        var membership = db.AccountUsers.Where(m => m.AccountId == account.Id && m.UserId == userId);
        var changed = loss == Loss.Demoted
            ? await membership.ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, AccountRole.Agent), Ct)
            : await membership.ExecuteDeleteAsync(Ct);
        Assert.Equal(1, changed);
    }

    private static async Task ExpectRefusedAsync(BrowserSession session)
    {
        await Assertions.Expect(session.Page.GetByText(AdminActionGuard.RightsLostMessage)).ToBeVisibleAsync();
        // The page closes itself at once rather than at its next re-check.
        await Assertions.Expect(session.Page.GetByTestId("not-allowed")).ToBeVisibleAsync();
        await session.ScreenshotAsync("refused");
    }

    private async Task<Webhook> AddWebhookAsync(int accountId) =>
        (await app.Services.GetRequiredService<WebhookService>().CreateAsync(accountId, new WebhookInput(DeadReceiver, "Orders", ["message_created"]), Ct)).Webhook!;

    private async Task<Guid> FailOnceAsync(int accountId, int webhookId)
    {
        var sent = await app.Services.GetRequiredService<ManualDelivery>().TestFireAsync(accountId, webhookId, "message_created", EventSamples.For("message_created", accountId, "Rights").ToJsonString(), Ct);
        Assert.False(sent!.Outcome.Succeeded);
        return sent.DeliveryId;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions) await session.DisposeAsync();
    }

    private async Task<T> CountAsync<T>(Func<Dashboard.Data.AppDbContext, Task<T>> query)
    {
        await using var db = app.CreateDbContext();
        return await query(db);
    }
}

/// <summary>With the default re-check (5 s), an open page notices a demotion or removal by itself, without a click.</summary>
public sealed class OpenPageRecheckFlowTests(BrowserFixture browser, DashboardFactory app) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task An_open_page_closes_within_seconds_after_its_user_is_demoted()
    {
        var ct = TestContext.Current.CancellationToken;
        var (accountId, email, password, _) = await app.CreateAccountAsync("Recheck");
        await using var session = await BrowserSession.OpenAsync(browser, app.ServerAddress, nameof(An_open_page_closes_within_seconds_after_its_user_is_demoted));
        await session.SignInAsync(email, password, AccountRoute.Webhooks(accountId));
        await Assertions.Expect(session.Page.GetByTestId("add-webhook")).ToBeVisibleAsync();

        await using (var db = app.CreateDbContext())
            await db.AccountUsers.Where(m => m.AccountId == accountId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, AccountRole.Agent), ct);
        var demotedAt = DateTime.UtcNow;

        await Assertions.Expect(session.Page.GetByTestId("not-allowed")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        Assert.True(DateTime.UtcNow - demotedAt < TimeSpan.FromSeconds(10), "the page should close within one re-check (5 s) plus a render");
        await Assertions.Expect(session.Page.GetByTestId("add-webhook")).ToHaveCountAsync(0);
        // The side menu follows: an agent has no Integrations or Deliveries link.
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Link, new() { Name = "Integrations", Exact = true })).ToHaveCountAsync(0);
        await session.ScreenshotAsync("closed");
    }
}
