using Bunit;
using Dashboard.Components.Shared;
using Dashboard.Tests.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Tests.Components.Shared;

public sealed class SnackbarsYieldToDialogsTests : WebhookUiContext
{
    [Fact]
    public async Task Opening_a_dialog_clears_the_toasts_of_earlier_actions_and_later_toasts_still_show()
    {
        var providers = RenderProviders();
        Render<MudSnackbarProvider>();
        Render<SnackbarsYieldToDialogs>();
        var snackbar = Services.GetRequiredService<ISnackbar>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        snackbar.Add("Webhook deleted.", Severity.Success);
        Assert.Single(snackbar.ShownSnackbars);

        await providers.InvokeAsync(() => dialogs.ShowAsync<ConfirmDialog>("Question",
            new DialogParameters<ConfirmDialog> { { d => d.Message, "Go on?" } }));

        providers.WaitForElement("[data-testid=confirm-dialog]");
        Assert.Empty(snackbar.ShownSnackbars);
        snackbar.Add("Sent.", Severity.Success);
        Assert.Equal(["Sent."], snackbar.ShownSnackbars.Select(s => s.Message));
    }
}
