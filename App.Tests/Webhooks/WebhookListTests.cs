using Bunit;
using Dashboard.Deliveries;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Webhooks;

public sealed class WebhookListTests : WebhookUiContext
{
    private IRenderedComponent<WebhookList> RenderList(IReadOnlyList<Webhook> items) =>
        Render<WebhookList>(p => p.Add(l => l.AccountId, AccountId).Add(l => l.Items, items));

    private static List<string> RowTexts(IRenderedComponent<WebhookList> cut) =>
        cut.FindAll("[data-testid=webhook-row]").Select(r => r.TextContent).ToList();

    [Fact]
    public void No_webhooks_shows_the_empty_state()
    {
        var cut = RenderList([]);

        Assert.Equal(WebhookList.EmptyText, cut.Find("[data-testid=webhook-empty]").TextContent.Trim());
        Assert.Equal("0 webhooks", cut.Find("[data-testid=webhook-count]").TextContent);
        Assert.Empty(RowTexts(cut));
    }

    [Fact]
    public async Task Rows_show_name_url_event_labels_status_and_link_to_the_webhook()
    {
        var named = await CreateWebhookAsync("https://crm.example.com/in", "CRM", "message_created", "contact_created");
        var unnamed = await CreateWebhookAsync("https://bi.example.com/in");
        var disabled = await Webhooks.SetStatusAsync(AccountId, unnamed.Id, WebhookStatus.Disabled, "410 Gone from the receiver", Ct);

        var cut = RenderList([named, disabled!]);

        var rows = RowTexts(cut);
        Assert.Equal(2, rows.Count);
        Assert.Contains("CRM", rows[0]);
        Assert.Contains("https://crm.example.com/in", rows[0]);
        Assert.Contains("Subscribed Events: Message created, Contact created", rows[0]);
        Assert.Equal("2 webhooks", cut.Find("[data-testid=webhook-count]").TextContent);
        Assert.Equal(["Active", "Disabled"], cut.FindAll("[data-testid=webhook-status]").Select(s => s.TextContent.Trim()));
        Assert.Equal($"/accounts/{AccountId}/settings/integrations/webhooks/{named.Id}", cut.Find("[data-testid=webhook-row] a").GetAttribute("href"));
    }

    [Fact]
    public async Task Event_labels_follow_the_webhooks_own_order_and_show_a_repeat_once()
    {
        // Stored as the API client sent them (the chat platform's way): not in catalog order, one event twice.
        var webhook = await CreateWebhookAsync("https://order.example.com/in", "Ordered", "contact_created", "message_created", "contact_created");

        var cut = RenderList([webhook]);

        Assert.Contains("Subscribed Events: Contact created, Message created", Assert.Single(RowTexts(cut)));
        Assert.DoesNotContain("Message created, Contact created", cut.Markup);
    }

    [Fact]
    public async Task Search_filters_by_name_or_url_ignoring_case_and_updates_the_count()
    {
        var crm = await CreateWebhookAsync("https://crm.example.com/in", "Sales CRM");
        var bi = await CreateWebhookAsync("https://bi.example.com/in", "Reports");
        var cut = RenderList([crm, bi]);

        cut.Find("#webhook-search").Input("sales");
        Assert.Equal("1 of 2 webhooks", cut.Find("[data-testid=webhook-count]").TextContent);
        Assert.Contains("Sales CRM", Assert.Single(RowTexts(cut)));

        cut.Find("#webhook-search").Input("BI.EXAMPLE");
        Assert.Contains("Reports", Assert.Single(RowTexts(cut)));

        cut.Find("#webhook-search").Input("nothing-like-this");
        Assert.Empty(RowTexts(cut));
        Assert.Equal("No webhooks match \"nothing-like-this\".", cut.Find("[data-testid=webhook-empty]").TextContent.Trim());
    }

    [Fact]
    public async Task Each_row_shows_its_health_failing_with_the_last_result_and_error_rate_and_disabled_with_the_reason()
    {
        var failing = await CreateWebhookAsync("https://crm.example.com/in", "CRM");
        var gone = await CreateWebhookAsync("https://old.example.com/in", "Old");
        var fresh = await CreateWebhookAsync("https://new.example.com/in", "New");
        await using (var db = Database.CreateDbContext())
            await db.Webhooks.Where(w => w.Id == failing.Id).ExecuteUpdateAsync(s => s.SetProperty(w => w.FailingSince, Time.GetUtcNow().UtcDateTime.AddHours(-2)), Ct);
        var disabled = await Webhooks.SetStatusAsync(AccountId, gone.Id, WebhookStatus.Disabled, "Receiver answered 410 Gone", Ct);
        Time.Advance(TimeSpan.FromMinutes(10));
        var now = Time.GetUtcNow().UtcDateTime;
        var health = new Dictionary<int, WebhookListHealth>
        {
            [failing.Id] = new(failing.Id, new LastDelivery(DeliveryStatus.Pending, 3, 500, "HTTP 500", now.AddMinutes(-3), now.AddMinutes(25), now.AddHours(-1)), 12, 0),
            [gone.Id] = new(gone.Id, new LastDelivery(DeliveryStatus.Failed, 1, 410, "HTTP 410", now.AddMinutes(-10), null, now.AddMinutes(-10)), 40, 30),
        };
        var reloaded = await Webhooks.ListAsync(AccountId, ct: Ct);

        var cut = Render<WebhookList>(p => p.Add(l => l.AccountId, AccountId).Add(l => l.Items, reloaded).Add(l => l.Health, health));

        Assert.Equal(["Failing", "Disabled", "Active"], cut.FindAll("[data-testid=webhook-status]").Select(s => s.TextContent.Trim()));
        var cells = cut.FindAll("[data-testid=webhook-health]");
        Assert.Equal("Last: HTTP 500 · 3 min ago", Squeeze(cells[0].QuerySelector("[data-testid=webhook-last]")!.TextContent));
        Assert.Equal("100 % errors (12 tries, 24 h)", cells[0].QuerySelector("[data-testid=webhook-error-rate]")!.TextContent.Trim());
        Assert.Equal("Receiver answered 410 Gone · 10 min ago", Squeeze(cells[1].QuerySelector("[data-testid=webhook-disabled-reason]")!.TextContent));
        Assert.Equal("25 % errors (40 tries, 24 h)", cells[1].QuerySelector("[data-testid=webhook-error-rate]")!.TextContent.Trim());
        Assert.Equal("No deliveries yet", cells[2].QuerySelector("[data-testid=webhook-last]")!.TextContent.Trim());
        Assert.Equal("No tries in 24 h", cells[2].QuerySelector("[data-testid=webhook-error-rate]")!.TextContent.Trim());
        // The exact time is on hover.
        Assert.Equal(Dashboard.Components.Shared.DisplayFormat.Time(now.AddMinutes(-3)), cells[0].QuerySelector("time")!.GetAttribute("title"));
        Assert.NotNull(disabled);
        Assert.Empty(cut.FindAll("[data-testid=webhook-disabled-reason]").Skip(1));
    }

    [Fact]
    public async Task Row_actions_also_sit_in_a_menu_named_after_the_webhook()
    {
        var crm = await CreateWebhookAsync("https://crm.example.com/in", "CRM");
        var providers = RenderProviders();
        var cut = Render<WebhookList>(p => p.Add(l => l.AccountId, AccountId).Add(l => l.Items, [crm])
            .Add(l => l.MenuItems, w => b => { b.OpenComponent<MudBlazor.MudMenuItem>(0); b.AddAttribute(1, "data-testid", "menu-item"); b.AddAttribute(2, "ChildContent", (Microsoft.AspNetCore.Components.RenderFragment)(c => c.AddContent(0, $"Edit {w.Label}"))); b.CloseComponent(); }));

        var button = cut.Find("[data-testid=webhook-menu] button");
        Assert.Equal("Actions for CRM", button.GetAttribute("aria-label"));
        button.Click();

        providers.WaitForAssertion(() => Assert.Equal("Edit CRM", providers.Find("[data-testid=menu-item]").TextContent.Trim()));
    }

    [Fact]
    public void An_account_without_webhooks_is_offered_to_add_the_first()
    {
        var added = 0;
        var cut = Render<WebhookList>(p => p.Add(l => l.AccountId, AccountId).Add(l => l.Items, []).Add(l => l.OnAdd, () => added++));

        cut.Find("[data-testid=add-first-webhook]").Click();

        Assert.Equal(1, added);
    }

    private static string Squeeze(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
}
