using Dashboard.Dispatch;
using Bunit;
using Bunit.Rendering;
using Dashboard.Events;
using Dashboard.Webhooks;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Tests.Webhooks;

public sealed class WebhookDialogTests : WebhookUiContext
{
    private readonly List<Webhook> _saved = [];

    private async Task<IRenderedComponent<ContainerFragment>> OpenAsync(Webhook? webhook = null)
    {
        var providers = RenderProviders();
        var parameters = new DialogParameters<WebhookDialog>
        {
            { d => d.AccountId, AccountId },
            { d => d.Webhook, webhook },
            { d => d.OnSaved, EventCallback.Factory.Create<Webhook>(this, w => _saved.Add(w)) },
        };
        var dialogs = Services.GetRequiredService<IDialogService>();
        await providers.InvokeAsync(() => dialogs.ShowAsync<WebhookDialog>(webhook is null ? "Add new webhook" : "Edit webhook", parameters));
        providers.WaitForElement("#webhook-url");
        return providers;
    }

    private static bool SaveDisabled(IRenderedComponent<ContainerFragment> cut) => cut.Find("[data-testid=dialog-save]").HasAttribute("disabled");

    /// <summary>The sentence beside the button after a press that could not save; null when there is none.</summary>
    private static string? Missing(IRenderedComponent<ContainerFragment> cut) => cut.FindAll("[data-testid=dialog-missing]").SingleOrDefault()?.TextContent;

    /// <summary>Presses Create/Update when it cannot save: says what is missing, and nothing is saved.</summary>
    private async Task<string> PressSaveRefusedAsync(IRenderedComponent<ContainerFragment> cut)
    {
        var before = (await Webhooks.ListAsync(AccountId, ct: Ct)).Count;
        cut.Find("[data-testid=dialog-save]").Click();
        var missing = cut.WaitForElement("[data-testid=dialog-missing]").TextContent;
        Assert.Equal(before, (await Webhooks.ListAsync(AccountId, ct: Ct)).Count);
        Assert.Empty(_saved);
        return missing;
    }

    private static void Check(IRenderedComponent<ContainerFragment> cut, string eventName, bool on) =>
        cut.Find($"[data-event={eventName}] input").Change(on);

    private static int CheckedCount(IRenderedComponent<ContainerFragment> cut) =>
        EventCatalog.Selectable.Count(e => cut.Find($"[data-event={e.Name}] input").HasAttribute("checked"));

    [Fact]
    public async Task Opens_without_errors_and_leaving_the_empty_url_shows_none()
    {
        var cut = await OpenAsync();
        Assert.Contains("Add new webhook", cut.Markup);
        Assert.Equal("https://example/api/webhook", cut.Find("#webhook-url").GetAttribute("placeholder"));

        cut.Find("#webhook-url").Blur();

        Assert.DoesNotContain(WebhookRules.InvalidUrlMessage, cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=events-error]"));
        Assert.Null(Missing(cut));
    }

    [Fact]
    public async Task Create_stays_enabled_and_pressing_it_early_says_what_is_missing_until_url_and_an_event_are_valid()
    {
        var cut = await OpenAsync();
        Assert.False(SaveDisabled(cut));

        Assert.Equal("Not saved yet. Still needed: a valid webhook URL (http:// or https://), at least one event.", await PressSaveRefusedAsync(cut));
        Assert.Contains(WebhookRules.InvalidUrlMessage, cut.Markup); // and each field says it too
        Assert.Equal("Please select at least one event.", cut.Find("[data-testid=events-error]").TextContent);

        cut.Find("#webhook-url").Input("https://example.com/hook");
        Assert.Equal("Not saved yet. Still needed: at least one event.", Missing(cut));
        Check(cut, "message_created", true);

        Assert.Null(Missing(cut));
        Assert.False(SaveDisabled(cut));
    }

    [Theory]
    [InlineData("/relative/path", "Please enter a valid URL (an absolute http:// or https:// address).")]
    [InlineData("ftp://example.com/hook", "Please enter a valid URL (an absolute http:// or https:// address).")]
    [InlineData("https://user:secret@example.com/hook", "The URL must not contain a user name or password.")]
    public async Task A_bad_url_shows_the_rules_message_beside_the_field(string url, string message)
    {
        var cut = await OpenAsync();
        Check(cut, "message_created", true);

        cut.Find("#webhook-url").Input(url);
        cut.Find("#webhook-url").Blur();

        cut.WaitForAssertion(() => Assert.Contains(message, cut.Markup));
        Assert.Equal("Not saved yet. Still needed: a valid webhook URL (http:// or https://).", await PressSaveRefusedAsync(cut));
    }

    [Fact]
    public async Task Unchecking_the_last_event_asks_for_one()
    {
        var cut = await OpenAsync();
        cut.Find("#webhook-url").Input("https://example.com/hook");
        Check(cut, "contact_created", true);
        Assert.Empty(cut.FindAll("[data-testid=events-error]"));

        Check(cut, "contact_created", false);

        Assert.Equal("Please select at least one event.", cut.Find("[data-testid=events-error]").TextContent);
        Assert.Equal("Not saved yet. Still needed: at least one event.", await PressSaveRefusedAsync(cut));
    }

    [Fact]
    public async Task A_name_over_255_characters_is_refused()
    {
        var cut = await OpenAsync();
        cut.Find("#webhook-url").Input("https://example.com/hook");
        Check(cut, "message_created", true);

        cut.Find("#webhook-name").Input(new string('n', 256));
        Assert.Contains("The name must be at most 255 characters.", cut.Markup);
        Assert.Equal("Not saved yet. Still needed: a name of at most 255 characters.", await PressSaveRefusedAsync(cut));

        cut.Find("#webhook-name").Input(new string('n', 255));
        Assert.DoesNotContain("The name must be at most 255 characters.", cut.Markup);
        Assert.Null(Missing(cut));
    }

    [Fact]
    public async Task Events_are_listed_in_catalog_order_and_select_all_toggles_all_ten()
    {
        var cut = await OpenAsync();
        var labels = cut.FindAll("[data-event]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(EventCatalog.Selectable.Select(e => e.DisplayName), labels);
        Assert.Equal(10, labels.Count);
        Check(cut, "message_created", true);

        cut.Find("[data-testid=select-all] input").Change(true);
        Assert.Equal(10, CheckedCount(cut));

        cut.Find("[data-testid=select-all] input").Change(false);
        Assert.Equal(0, CheckedCount(cut));
    }

    [Fact]
    public async Task Create_saves_through_the_service_and_shows_the_secret_once()
    {
        var cut = await OpenAsync();
        cut.Find("#webhook-url").Input("https://example.com/hook");
        cut.Find("#webhook-name").Input("CRM");
        Check(cut, "conversation_created", true);
        Check(cut, "message_created", true);

        cut.Find("[data-testid=dialog-save]").Click();

        cut.WaitForElement("[data-testid=created-message]");
        var saved = Assert.Single(await Webhooks.ListAsync(AccountId, ct: Ct));
        Assert.Equal(("https://example.com/hook", "CRM"), (saved.Url, saved.Name));
        Assert.Equal(["conversation_created", "message_created"], saved.Subscriptions);
        Assert.Equal(saved.Secret, cut.Find("#webhook-secret").GetAttribute("value"));
        Assert.Equal(saved.Id, Assert.Single(_saved).Id);
        Assert.Contains("Webhook created", cut.Markup);
    }

    [Fact]
    public async Task A_duplicate_url_shows_the_servers_message_and_saves_nothing()
    {
        await CreateWebhookAsync("https://example.com/hook", "existing");
        var cut = await OpenAsync();
        cut.Find("#webhook-url").Input("https://example.com/hook");
        Check(cut, "message_created", true);

        cut.Find("[data-testid=dialog-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains(WebhookService.DuplicateUrlMessage, cut.Markup));
        Assert.Equal("Not saved: A webhook with this URL already exists in this account.", Missing(cut));
        Assert.Single(await Webhooks.ListAsync(AccountId, ct: Ct));
        Assert.Empty(_saved);

        // Changing the URL clears the server's message and allows another try.
        cut.Find("#webhook-url").Input("https://example.com/other");
        Assert.DoesNotContain(WebhookService.DuplicateUrlMessage, cut.Markup);
        Assert.Null(Missing(cut));
    }

    [Fact]
    public async Task Edit_shows_the_current_values_and_update_saves_them()
    {
        var webhook = await CreateWebhookAsync("https://example.com/hook", "Old name", "message_created", "contact_created");
        var cut = await OpenAsync(webhook);
        Assert.Contains("Edit webhook", cut.Markup);
        Assert.Contains("Update webhook", cut.Markup);
        Assert.Equal(2, CheckedCount(cut));
        Assert.Equal(WebhookSecret.Mask(webhook.Secret), cut.Find("#webhook-secret").GetAttribute("value"));

        cut.Find("#webhook-name").Input("New name");
        Check(cut, "contact_created", false);
        cut.Find("[data-testid=dialog-save]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=webhook-dialog]")));
        var saved = await Webhooks.FindAsync(AccountId, webhook.Id, Ct);
        Assert.Equal(("New name", webhook.Url, webhook.Secret), (saved!.Name, saved.Url, saved.Secret));
        Assert.Equal(["message_created"], saved.Subscriptions);
        Assert.Single(_saved);
    }

    [Fact]
    public async Task Edit_keeps_the_webhooks_event_order_appending_what_is_checked()
    {
        // An order set through the API (not the catalog's), with an API-only event: the modal must not reshuffle it.
        var webhook = await CreateWebhookAsync("https://example.com/ordered", null, "contact_updated", "inbox_created", "message_created", "conversation_created");
        var cut = await OpenAsync(webhook);

        Check(cut, "message_created", false);
        Check(cut, "conversation_typing_on", true);
        Check(cut, "message_created", true);
        cut.Find("[data-testid=dialog-save]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=webhook-dialog]")));
        var saved = await Webhooks.FindAsync(AccountId, webhook.Id, Ct);
        Assert.Equal(["contact_updated", "inbox_created", "conversation_created", "conversation_typing_on", "message_created"], saved!.Subscriptions);
    }

    [Fact]
    public async Task Rotate_secret_after_confirming_shows_until_when_the_previous_one_works()
    {
        var webhook = await CreateWebhookAsync("https://example.com/hook");
        var cut = await OpenAsync(webhook);

        cut.Find("[data-testid=rotate-secret]").Click();
        cut.WaitForElement("[data-testid=confirm-yes]").Click();

        cut.WaitForElement("[data-testid=previous-secret]");
        Assert.Contains("The previous secret stays valid until 2026-11-24 12:00:00 UTC.", cut.Find("[data-testid=previous-secret]").TextContent);
        var saved = await Webhooks.FindAsync(AccountId, webhook.Id, Ct);
        Assert.Equal(webhook.Secret, saved!.PreviousSecret);
        Assert.Equal(WebhookSecret.Mask(saved.Secret), cut.Find("#webhook-secret").GetAttribute("value"));
    }
}
