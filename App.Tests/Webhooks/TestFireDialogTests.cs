using Dashboard.Data;
using Dashboard.Dispatch;
using Dashboard.Tests.Deliveries;
using Bunit;
using Dashboard.Deliveries;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace Dashboard.Tests.Webhooks;

public sealed class TestFireDialogTests : LogComponentContext
{
    [Fact]
    public async Task Send_test_posts_the_chosen_sample_and_shows_the_answer_inline()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.Script("/t", new Reply(200, """{"thanks":1}""", "application/json"));
        Webhook webhook;
        await using (var db = Db.CreateDbContext())
        {
            webhook = (await db.Webhooks.FindAsync([Hook], Ct))!;
            webhook.Url = receiver.Url("/t");
            await db.SaveChangesAsync(Ct);
        }
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetService(typeof(IDialogService)) as IDialogService;

        await provider.InvokeAsync(() => TestFireDialog.ShowAsync(dialogs!, Account, "Acme", webhook));
        provider.WaitForAssertion(() => Assert.Contains("\"event\": \"message_created\"", provider.Find("[data-testid=test-payload]").TextContent));
        await provider.Find("[data-testid=test-send]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("HTTP 200", provider.Find("[data-testid=test-result-status]").TextContent), TimeSpan.FromSeconds(5));
        Assert.Contains("\"thanks\": 1", provider.Find("[data-testid=test-result-body]").TextContent);
        var request = Assert.Single(receiver.Requests);
        Assert.Contains("\"event\":\"message_created\"", request.Body);
        await using var check = Db.CreateDbContext();
        var attempt = await check.Attempts.SingleAsync(Ct);
        Assert.Equal(AttemptTrigger.Test, attempt.Trigger);
        Assert.Equal(Guid.Parse(request.Header("webhook-id")), attempt.DeliveryId);
    }

    [Fact]
    public async Task The_sample_offered_first_is_one_the_webhook_receives_and_another_is_marked_as_test_only()
    {
        Webhook webhook;
        await using (var db = Db.CreateDbContext())
        {
            webhook = (await db.Webhooks.FindAsync([Hook], Ct))!;
            webhook.Subscriptions = ["contact_updated", "conversation_created"];
            await db.SaveChangesAsync(Ct);
        }
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetService(typeof(IDialogService)) as IDialogService;

        await provider.InvokeAsync(() => TestFireDialog.ShowAsync(dialogs!, Account, "Acme", webhook));

        // Its first event in the catalogue's order, not message_created, which it never receives.
        provider.WaitForAssertion(() => Assert.Contains("\"event\": \"conversation_created\"", provider.Find("[data-testid=test-payload]").TextContent));
        Assert.DoesNotContain("only from a test", provider.Find("[data-testid=test-fire-dialog]").TextContent);
        var select = provider.FindComponent<MudSelect<string>>();
        await provider.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("message_created"));
        provider.WaitForAssertion(() => Assert.Contains("\"event\": \"message_created\"", provider.Find("[data-testid=test-payload]").TextContent));
        Assert.Contains("Not one of this webhook's events: it receives this one only from a test.", provider.Find("[data-testid=test-fire-dialog]").TextContent);
    }

    [Fact]
    public async Task A_test_to_a_disabled_webhook_is_sent_only_after_the_admin_confirms()
    {
        await using var receiver = await TestReceiver.StartAsync();
        Webhook webhook;
        await using (var db = Db.CreateDbContext())
        {
            webhook = (await db.Webhooks.FindAsync([Hook], Ct))!;
            (webhook.Url, webhook.Status, webhook.DisabledReason) = (receiver.Url("/t"), WebhookStatus.Disabled, "Receiver answered 410 Gone");
            await db.SaveChangesAsync(Ct);
        }
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetService(typeof(IDialogService)) as IDialogService;
        await provider.InvokeAsync(() => TestFireDialog.ShowAsync(dialogs!, Account, "Acme", webhook));

        _ = provider.WaitForElement("[data-testid=test-send]").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Contains("disabled (Receiver answered 410 Gone)", provider.Find("[data-testid=confirm-dialog]").TextContent));
        await provider.Find("[data-testid=confirm-no]").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=confirm-dialog]")));
        Assert.Empty(receiver.Requests);

        _ = provider.Find("[data-testid=test-send]").ClickAsync(new());
        await provider.WaitForElement("[data-testid=confirm-yes]").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Contains("HTTP 200", provider.Find("[data-testid=test-result-status]").TextContent), TimeSpan.FromSeconds(5));
        Assert.Single(receiver.Requests);
    }
}
