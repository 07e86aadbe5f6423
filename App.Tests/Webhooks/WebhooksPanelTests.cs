using Bunit;
using Dashboard.Accounts;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;

namespace Dashboard.Tests.Webhooks;

public sealed class WebhooksPanelTests : WebhookUiContext
{
    [Fact]
    public async Task Only_the_accounts_own_webhooks_are_listed()
    {
        var other = await Database.CreateAccountAsync("Other");
        await CreateWebhookAsync("https://mine.example.com/a");
        await CreateWebhookAsync("https://mine.example.com/b");
        await Webhooks.CreateAsync(other, new WebhookInput("https://theirs.example.com", "theirs", ["message_created"]), Ct);

        var cut = Render<WebhooksPanel>(p => p.Add(x => x.AccountId, AccountId));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=webhook-row]").Count));
        Assert.DoesNotContain("theirs.example.com", cut.Markup);
        Assert.Equal("2 webhooks", cut.Find("[data-testid=webhook-count]").TextContent);
    }

    [Fact]
    public async Task Delete_asks_with_the_url_and_removes_the_row_without_a_reload()
    {
        var keep = await CreateWebhookAsync("https://keep.example.com/hook");
        var gone = await CreateWebhookAsync("https://gone.example.com/hook");
        var providers = RenderProviders();
        var cut = Render<WebhooksPanel>(p => p.Add(x => x.AccountId, AccountId));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=delete-webhook]").Count));

        // Found and clicked in one turn of the renderer: the rows' health arrives a moment later and redraws them.
        await cut.InvokeAsync(() => cut.FindAll("[data-testid=delete-webhook]")[1].Click());
        var question = providers.WaitForElement("[data-testid=confirm-dialog]");
        Assert.Contains("Are you sure to delete the webhook? (https://gone.example.com/hook)", question.TextContent);
        Assert.Equal("No, Keep it", providers.Find("[data-testid=confirm-no]").TextContent.Trim());

        await providers.InvokeAsync(() => providers.Find("[data-testid=confirm-yes]").Click());

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=webhook-row]")));
        Assert.DoesNotContain("gone.example.com", cut.Markup);
        Assert.Null(await Webhooks.FindAsync(AccountId, gone.Id, Ct));
        Assert.NotNull(await Webhooks.FindAsync(AccountId, keep.Id, Ct));
    }

    [Fact]
    public async Task Keeping_the_webhook_deletes_nothing()
    {
        var webhook = await CreateWebhookAsync("https://keep.example.com/hook");
        var providers = RenderProviders();
        var cut = Render<WebhooksPanel>(p => p.Add(x => x.AccountId, AccountId));
        cut.WaitForElement("[data-testid=delete-webhook]");
        await cut.InvokeAsync(() => cut.Find("[data-testid=delete-webhook]").Click());

        providers.WaitForElement("[data-testid=confirm-no]");
        await providers.InvokeAsync(() => providers.Find("[data-testid=confirm-no]").Click());

        providers.WaitForAssertion(() => Assert.Empty(providers.FindAll("[data-testid=confirm-dialog]")));
        Assert.Single(cut.FindAll("[data-testid=webhook-row]"));
        Assert.NotNull(await Webhooks.FindAsync(AccountId, webhook.Id, Ct));
    }

    [Fact]
    public async Task Delete_by_a_user_demoted_since_the_page_opened_is_refused_and_deletes_nothing()
    {
        var webhook = await CreateWebhookAsync("https://keep.example.com/hook");
        var providers = RenderProviders();
        Render<MudBlazor.MudSnackbarProvider>();
        var cut = Render<WebhooksPanel>(p => p.Add(x => x.AccountId, AccountId));
        cut.WaitForElement("[data-testid=delete-webhook]");
        await cut.InvokeAsync(() => cut.Find("[data-testid=delete-webhook]").Click());
        providers.WaitForElement("[data-testid=confirm-yes]");

        await BunitAdmin.DemoteAsync(Database, AccountId, AdminUserId);
        await providers.InvokeAsync(() => providers.Find("[data-testid=confirm-yes]").Click());

        var snackbar = (MudBlazor.ISnackbar)Services.GetService(typeof(MudBlazor.ISnackbar))!;
        cut.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message == AdminActionGuard.RightsLostMessage));
        Assert.NotNull(await Webhooks.FindAsync(AccountId, webhook.Id, Ct));
    }
}
