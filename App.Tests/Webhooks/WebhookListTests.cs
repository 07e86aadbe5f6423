using Bunit;
using Dashboard.Webhooks;

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
}
