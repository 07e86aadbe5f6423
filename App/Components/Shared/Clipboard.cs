using Microsoft.JSInterop;
using MudBlazor;

namespace Dashboard.Components.Shared;

/// <summary>Copy to the user's clipboard from a component, with a snackbar either way (the browser may refuse).</summary>
public static class Clipboard
{
    public static async Task CopyAsync(IJSRuntime js, ISnackbar snackbar, string text, string what)
    {
        try
        {
            await js.InvokeVoidAsync("navigator.clipboard.writeText", text);
            snackbar.Add($"{what} copied to the clipboard.", Severity.Success);
        }
        catch (JSException)
        {
            // Browsers refuse the clipboard without focus or permission; the text stays visible to copy by hand.
            snackbar.Add("The browser did not allow copying. Select the text and copy it by hand.", Severity.Warning);
        }
    }
}
