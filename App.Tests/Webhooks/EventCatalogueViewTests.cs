using System.Text.Json.Nodes;
using Bunit;
using Dashboard.Events;
using Dashboard.Webhooks;
using MudBlazor.Services;

namespace Dashboard.Tests.Webhooks;

public sealed class EventCatalogueViewTests : BunitContext
{
    public EventCatalogueViewTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    private IRenderedComponent<EventCatalogueView> RenderView() =>
        Render<EventCatalogueView>(p => p.Add(x => x.AccountId, 7).Add(x => x.AccountName, "Globex Ünited"));

    [Fact]
    public void Every_catalog_event_is_shown_in_order_with_its_label_description_and_this_accounts_sample()
    {
        var cut = RenderView();

        var cards = cut.FindAll("[data-testid=catalogue-event]");
        Assert.Equal(EventCatalog.All.Select(e => e.Name), cards.Select(c => c.GetAttribute("data-event")));
        foreach (var (type, card) in EventCatalog.All.Zip(cards))
        {
            Assert.Equal(type.Label, card.QuerySelector("h2")!.TextContent.Trim());
            Assert.Equal(type.Name, card.QuerySelector("[data-testid=event-name]")!.TextContent.Trim());
            Assert.Equal(type.Description, card.QuerySelector("[data-testid=event-description]")!.TextContent.Trim());
            Assert.Equal(!type.Selectable, card.QuerySelector("[data-testid=api-only]") is not null);
            var shown = card.QuerySelector("[data-testid=event-sample]")!.TextContent;
            Assert.True(JsonNode.DeepEquals(EventSamples.For(type.Name, 7, "Globex Ünited"), JsonNode.Parse(shown)), type.Name);
        }
    }

    [Fact]
    public void The_page_has_one_h1_and_every_copy_button_is_named_after_its_event()
    {
        var cut = RenderView();

        Assert.Equal("Events", Assert.Single(cut.FindAll("h1")).TextContent.Trim());
        var names = cut.FindAll("button[data-testid=copy]").Select(b => b.GetAttribute("aria-label"));
        Assert.Equal(EventCatalog.All.Select(e => $"Copy sample payload of {e.Label}"), names);
    }

    [Fact]
    public void Copy_puts_the_sample_as_shown_on_the_clipboard()
    {
        var cut = RenderView();
        var card = cut.Find("[data-testid=catalogue-event][data-event=contact_updated]");
        var shown = card.QuerySelector("[data-testid=event-sample]")!.TextContent;

        cut.Find("[data-testid=catalogue-event][data-event=contact_updated] button[data-testid=copy]").Click();

        var copy = JSInterop.VerifyInvoke("navigator.clipboard.writeText");
        Assert.Equal(shown, copy.Arguments[0]);
        Assert.Contains("Globex Ünited", shown, StringComparison.Ordinal); // as itself, not \u00DC
    }
}
