using Dashboard.Components.Shared;
using Dashboard.Events;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

/// <summary>Search by a conversation, Recover with its count and honest outcome, a resend to a disabled webhook, rotation with its choices.</summary>
public sealed class WebhookActionsFlowTests(BrowserFixture browser) : AppWithReceiverTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(int Account, Webhook Webhook, BrowserSession Session)> OpenAsync(string test, string path, string url = "/hook")
    {
        var account = await App.DemoAccountIdAsync();
        var webhook = (await App.Services.GetRequiredService<WebhookService>()
            .CreateAsync(account, new WebhookInput(Receiver.Url(url), "Order system", ["message_created"]), Ct)).Webhook!;
        var session = await BrowserSession.OpenAsync(browser, App.ServerAddress, test);
        await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword, path.Replace("{account}", account.ToString()));
        return (account, webhook, session);
    }

    private async Task PublishAsync(int account, int messageId, int conversation)
    {
        var payload = EventSamples.For("message_created", account, "Acme Support");
        // The conversation's own id differs from its display id, as on the platform (the sample has 1207 for both).
        (payload["id"], payload["conversation"]!["display_id"], payload["conversation"]!["id"]) = (messageId, conversation, 50_000 + conversation);
        await App.Services.GetRequiredService<IEventPublisher>().PublishAsync(account, payload, ct: Ct);
    }

    [Fact]
    public async Task Admin_finds_a_conversations_deliveries_by_its_display_id_with_the_hint_shown_first()
    {
        Receiver.Script("/hook", Reply.Ok(), Reply.Ok(), Reply.Ok());
        var (account, _, session) = await OpenAsync(nameof(Admin_finds_a_conversations_deliveries_by_its_display_id_with_the_hint_shown_first), "/accounts/{account}/deliveries");
        await using var _ = session;
        var page = session.Page;
        await PublishAsync(account, 9001, 1207);
        await PublishAsync(account, 9002, 1300);
        await PublishAsync(account, 9003, 1207);
        await Assertions.Expect(page.GetByTestId("delivery-link")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByText("message, conversation or contact id from the payload")).ToBeVisibleAsync(); // before any error
        // One line of the filter bar, not a tall box (a flex style on the field once made it 340 px high).
        var box = await page.Locator(".log-search").BoundingBoxAsync();
        Assert.True(box is { Height: < 120 }, $"The search box is {box?.Height} px tall.");

        await page.GetByTestId("filter-search").FillAsync("conversation 1207");
        await page.GetByTestId("filter-search").PressAsync("Enter");

        await Assertions.Expect(page.GetByTestId("delivery-link")).ToHaveCountAsync(2);
        await session.ScreenshotAsync("log-search-conversation");
        await page.GetByTestId("filter-search").FillAsync("order 1207");
        await page.GetByTestId("filter-search").PressAsync("Enter");
        await Assertions.Expect(page.GetByText("or a number from the payload, e.g. 42 or conversation 42")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Recover_says_how_many_first_and_a_run_where_every_resend_fails_does_not_end_green()
    {
        Receiver.Script("/hook", Reply.Error(500), Reply.Error(500), Reply.Error(500), Reply.Error(500));
        var (account, webhook, session) = await OpenAsync(nameof(Recover_says_how_many_first_and_a_run_where_every_resend_fails_does_not_end_green), "/");
        await using var _ = session;
        var manual = App.Services.GetRequiredService<Dashboard.Dispatch.ManualDelivery>();
        for (var i = 0; i < 2; i++)
            await manual.TestFireAsync(account, webhook.Id, "message_created", EventSamples.For("message_created", account, "Acme").ToJsonString(), Ct);
        await session.GotoAsync(AccountRoute.Webhook(account, webhook.Id));
        var page = session.Page;

        await page.GetByTestId("recover-start").ClickAsync();
        var question = page.GetByTestId("confirm-dialog");
        await Assertions.Expect(question).ToContainTextAsync("2 failed deliveries are sent again now");
        await session.ScreenshotAsync("recover-confirm");
        await page.GetByTestId("confirm-no").ClickAsync();
        await Assertions.Expect(question).ToBeHiddenAsync();
        Assert.Equal(2, Receiver.To("/hook").Count); // cancelled: nothing sent

        await page.GetByTestId("recover-start").ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirm-yes")).ToHaveTextAsync("Recover 2 deliveries");
        await page.GetByTestId("confirm-yes").ClickAsync();

        await Assertions.Expect(page.GetByTestId("recover-progress")).ToHaveTextAsync("Done: all 2 resent, and every one failed again. Check the receiver, then try again.");
        await Assertions.Expect(page.GetByTestId("recover-bar")).ToHaveAttributeAsync("data-outcome", "failed");
        await session.ScreenshotAsync("recover-all-failed");
        Assert.Equal(4, Receiver.To("/hook").Count);
    }

    [Fact]
    public async Task Resend_to_a_disabled_webhook_warns_first_and_sends_once_without_enabling_it()
    {
        Receiver.Script("/hook", Reply.Gone(), Reply.Ok());
        var (account, webhook, session) = await OpenAsync(nameof(Resend_to_a_disabled_webhook_warns_first_and_sends_once_without_enabling_it), "/");
        await using var _ = session;
        var test = await App.Services.GetRequiredService<Dashboard.Dispatch.ManualDelivery>()
            .TestFireAsync(account, webhook.Id, "message_created", EventSamples.For("message_created", account, "Acme").ToJsonString(), Ct);
        await session.GotoAsync(AccountRoute.Delivery(account, test!.DeliveryId));
        var page = session.Page;
        await Assertions.Expect(page.GetByTestId("disabled-by-delivery")).ToContainTextAsync("its webhook was disabled");

        await page.GetByTestId("resend").ClickAsync();
        var question = page.GetByTestId("confirm-dialog");
        await Assertions.Expect(question).ToContainTextAsync("This webhook is disabled");
        await Assertions.Expect(question).ToContainTextAsync("it does not enable the webhook");
        await session.ScreenshotAsync("resend-disabled-confirm");
        await page.GetByTestId("confirm-no").ClickAsync();
        Assert.Single(Receiver.To("/hook"));

        await page.GetByTestId("resend").ClickAsync();
        await page.GetByTestId("confirm-yes").ClickAsync();
        await Assertions.Expect(page.GetByTestId("attempt")).ToHaveCountAsync(2);
        Assert.Equal(2, Receiver.To("/hook").Count);
        Assert.Equal(WebhookStatus.Disabled, (await App.Services.GetRequiredService<WebhookService>().FindAsync(account, webhook.Id, Ct))!.Status);
    }

    [Fact]
    public async Task Rotation_is_chosen_then_saved_with_the_edit_and_Cancel_undoes_it()
    {
        var (account, webhook, session) = await OpenAsync(nameof(Rotation_is_chosen_then_saved_with_the_edit_and_Cancel_undoes_it),
            "/accounts/{account}/settings/integrations/webhooks");
        await using var _ = session;
        var page = session.Page;
        var service = App.Services.GetRequiredService<WebhookService>();

        // Chosen, then Cancel: nothing changed.
        await page.GetByTestId("edit-webhook").ClickAsync();
        await page.GetByTestId("rotate-secret").ClickAsync();
        await page.GetByText("Expire it now").ClickAsync();
        await session.ScreenshotAsync("rotate-choice");
        await page.GetByTestId("rotate-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("rotation-pending")).ToContainTextAsync("stops signing at that moment");
        await page.GetByTestId("dialog-cancel").ClickAsync();
        await Assertions.Expect(page.GetByTestId("webhook-dialog")).ToBeHiddenAsync();
        var unchanged = (await service.FindAsync(account, webhook.Id, Ct))!;
        Assert.Equal((webhook.Secret, (string?)null), (unchanged.Secret, unchanged.PreviousSecret));

        // Expire now, saved: no previous secret.
        await page.GetByTestId("edit-webhook").ClickAsync();
        await page.GetByTestId("rotate-secret").ClickAsync();
        await page.GetByText("Expire it now").ClickAsync();
        await page.GetByTestId("rotate-confirm").ClickAsync();
        await page.GetByTestId("dialog-save").ClickAsync();
        await Assertions.Expect(page.GetByText("the previous one no longer signs")).ToBeVisibleAsync();
        var expired = (await service.FindAsync(account, webhook.Id, Ct))!;
        Assert.NotEqual(webhook.Secret, expired.Secret);
        Assert.Null(expired.PreviousSecret);

        // Keep for 24 hours (the default), saved: the secret before it keeps signing.
        await page.GetByTestId("edit-webhook").ClickAsync();
        await Assertions.Expect(page.GetByText("the previous one no longer signs")).ToBeHiddenAsync(); // the old toast went when the dialog opened
        await page.GetByTestId("rotate-secret").ClickAsync();
        await page.GetByTestId("rotate-confirm").ClickAsync();
        await page.GetByTestId("dialog-save").ClickAsync();
        await Assertions.Expect(page.GetByText("the previous one keeps signing for 24 hours")).ToBeVisibleAsync();
        var kept = (await service.FindAsync(account, webhook.Id, Ct))!;
        Assert.Equal(expired.Secret, kept.PreviousSecret);
        Assert.NotEqual(expired.Secret, kept.Secret);
    }
}
