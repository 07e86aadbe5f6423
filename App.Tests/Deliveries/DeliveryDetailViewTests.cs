using Bunit;
using Microsoft.EntityFrameworkCore;
using Dashboard.Deliveries;
using Dashboard.Webhooks;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Deliveries;

public sealed class DeliveryDetailViewTests : LogComponentContext
{
    private static readonly DateTime Created = new(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);

    private async Task<LogData.Row> SeedWithAttemptsAsync(params Attempt[] attempts)
    {
        var row = LogData.Generate(1, Account, [Hook], Created, _ => DeliveryStatus.Pending)[0];
        await using (var connection = await Db.OpenAsync()) await LogData.InsertAsync(connection, [row]);
        await using var db = Db.CreateDbContext();
        foreach (var a in attempts)
        {
            (a.DeliveryId, a.AccountId, a.WebhookId) = (row.Id, Account, Hook);
            db.Attempts.Add(a);
        }
        await db.SaveChangesAsync(Ct);
        return row;
    }

    private static Attempt Try(int number, AttemptTrigger trigger, int? status, string? body, AttemptError error = AttemptError.None) => new()
    {
        Number = number, Trigger = trigger, StartedAt = Created.AddMinutes(number), DurationMs = 40 * number, Url = "https://hooks.example/orders",
        RequestHeaders = "webhook-id: x\nContent-Type: application/json", ResponseStatus = status, ResponseBody = body,
        ResponseHeaders = status is null ? null : "Content-Type: text/html", Error = error, Succeeded = status is >= 200 and < 300,
        ErrorMessage = error == AttemptError.None ? null : "connect timed out",
    };

    [Fact]
    public async Task Every_attempt_appears_newest_first_with_trigger_status_body_and_next_retry()
    {
        var first = Try(1, AttemptTrigger.Scheduled, null, null, AttemptError.Timeout);
        first.NextAttemptAt = Created.AddMinutes(6);
        var row = await SeedWithAttemptsAsync(first, Try(2, AttemptTrigger.Scheduled, 500, "<h1>Down</h1><img src=x onerror=alert(1)>"),
            Try(3, AttemptTrigger.Resend, 200, """{"ok":true,"items":[1,2]}"""));

        var view = Render<DeliveryDetailView>(p => p.Add(x => x.AccountId, Account).Add(x => x.DeliveryId, row.Id));

        view.WaitForAssertion(() => Assert.Equal(3, view.FindAll("[data-testid=attempt]").Count));
        var attempts = view.FindAll("[data-testid=attempt]");
        Assert.Equal(["Manual resend", "Scheduled", "Scheduled"], attempts.Select(a => a.QuerySelector("[data-testid=trigger]")!.TextContent.Trim()));
        Assert.Equal(["HTTP 200", "HTTP 500", "No answer"], attempts.Select(a => a.QuerySelector("[data-testid=http-status]")!.TextContent.Trim()));

        // JSON is indented; HTML is text: escaped in the markup, no element created from it.
        Assert.Contains("\"ok\": true,\n  \"items\": [", attempts[0].QuerySelector("[data-testid=response-body]")!.TextContent);
        var html = attempts[1].QuerySelector("[data-testid=response-body]")!;
        Assert.Equal("<h1>Down</h1><img src=x onerror=alert(1)>", html.TextContent);
        Assert.Contains("&lt;h1&gt;Down&lt;/h1&gt;", html.InnerHtml);
        Assert.Empty(view.FindAll("[data-testid=attempt] h1, [data-testid=attempt] img"));

        Assert.Contains("did not answer in time", attempts[2].QuerySelector("[data-testid=attempt-error]")!.TextContent);
        Assert.Contains("2026-11-22 10:06:00 UTC", attempts[2].QuerySelector("[data-testid=next-retry]")!.TextContent);
        Assert.Contains("\"event\": \"message_created\"", view.Find("[data-testid=payload]").TextContent);
    }

    [Fact]
    public async Task The_payload_shows_what_was_sent_and_copy_takes_its_exact_text()
    {
        const string sent = "{\"event\":\"message_created\",\"content\":\"Thanks 👍\",\"name\":\"Jos\\u00e9\"}";
        var row = await SeedWithAttemptsAsync(Try(1, AttemptTrigger.Scheduled, 200, "ok"));
        await using (var db = Db.CreateDbContext())
            await db.Events.Where(e => e.Id == row.EventId).ExecuteUpdateAsync(s => s.SetProperty(e => e.Payload, sent), Ct);
        var copied = JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true);

        var view = Render<DeliveryDetailView>(p => p.Add(x => x.AccountId, Account).Add(x => x.DeliveryId, row.Id));

        view.WaitForAssertion(() => Assert.Contains("\"content\": \"Thanks 👍\"", view.Find("[data-testid=payload]").TextContent));
        Assert.Contains("\"name\": \"Jos\\u00e9\"", view.Find("[data-testid=payload]").TextContent);
        view.Find("[aria-label='Copy payload']").Click();
        Assert.Equal(sent, Assert.Single(copied.Invocations).Arguments[0]);
    }

    [Fact]
    public async Task A_binary_body_is_noted_not_shown()
    {
        var binary = Try(1, AttemptTrigger.Scheduled, 200, null);
        binary.ResponseBodyBinary = true;
        var row = await SeedWithAttemptsAsync(binary);

        var view = Render<DeliveryDetailView>(p => p.Add(x => x.AccountId, Account).Add(x => x.DeliveryId, row.Id));

        view.WaitForAssertion(() => Assert.Contains("Binary body", view.Find("[data-testid=body-binary]").TextContent));
    }

    [Fact]
    public async Task Another_accounts_delivery_is_not_found()
    {
        var row = await SeedWithAttemptsAsync(Try(1, AttemptTrigger.Scheduled, 200, "ok"));

        var view = Render<DeliveryDetailView>(p => p.Add(x => x.AccountId, Account + 100).Add(x => x.DeliveryId, row.Id));

        view.WaitForAssertion(() => Assert.NotNull(view.Find("[data-testid=not-found]")));
        Assert.Empty(view.FindAll("[data-testid=attempt]"));
    }

    [Fact]
    public async Task Resend_adds_the_new_attempt_to_the_timeline()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.Script("/r", new Reply(202, "queued", "text/plain"));
        await using (var db = Db.CreateDbContext())
        {
            var webhook = await db.Webhooks.FindAsync([Hook], Ct);
            webhook!.Url = receiver.Url("/r");
            await db.SaveChangesAsync(Ct);
        }
        var row = await SeedWithAttemptsAsync(Try(1, AttemptTrigger.Scheduled, 500, "no"));
        var view = Render<DeliveryDetailView>(p => p.Add(x => x.AccountId, Account).Add(x => x.DeliveryId, row.Id));
        view.WaitForAssertion(() => Assert.Single(view.FindAll("[data-testid=attempt]")));

        await view.Find("[data-testid=resend]").ClickAsync(new());

        view.WaitForAssertion(() => Assert.Equal(2, view.FindAll("[data-testid=attempt]").Count), TimeSpan.FromSeconds(5));
        Assert.Equal("HTTP 202", view.Find("[data-testid=http-status]").TextContent.Trim());
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task Resend_to_a_webhook_disabled_by_410_asks_first_and_says_the_delivery_disabled_it()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.Script("/gone", new Reply(202, "back", "text/plain"));
        await using (var db = Db.CreateDbContext())
        {
            var webhook = await db.Webhooks.FindAsync([Hook], Ct);
            (webhook!.Url, webhook.Status, webhook.DisabledReason) = (receiver.Url("/gone"), WebhookStatus.Disabled, "Receiver answered 410 Gone");
            await db.SaveChangesAsync(Ct);
        }
        var row = await SeedWithAttemptsAsync(Try(1, AttemptTrigger.Scheduled, 410, "gone"));
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var view = Render<DeliveryDetailView>(p => p.Add(x => x.AccountId, Account).Add(x => x.DeliveryId, row.Id));
        view.WaitForAssertion(() => Assert.Contains("410 Gone to this delivery", view.Find("[data-testid=disabled-by-delivery]").TextContent));

        // Cancel: nothing is sent.
        _ = view.Find("[data-testid=resend]").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Receiver answered 410 Gone", dialogs.Find("[data-testid=confirm-dialog]").TextContent));
        await dialogs.Find("[data-testid=confirm-no]").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=confirm-dialog]")));
        Assert.Empty(receiver.Requests);

        // Confirm: sent once.
        _ = view.Find("[data-testid=resend]").ClickAsync(new());
        dialogs.WaitForElement("[data-testid=confirm-yes]");
        await dialogs.Find("[data-testid=confirm-yes]").ClickAsync(new());
        view.WaitForAssertion(() => Assert.Equal(2, view.FindAll("[data-testid=attempt]").Count), TimeSpan.FromSeconds(5));
        Assert.Single(receiver.Requests);
    }
}
