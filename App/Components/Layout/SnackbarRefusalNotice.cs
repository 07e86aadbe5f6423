using Dashboard.Accounts;
using MudBlazor;

namespace Dashboard.Components.Layout;

/// <summary>A guard's refusal, shown as an error snackbar in the circuit that asked.</summary>
public sealed class SnackbarRefusalNotice(ISnackbar snackbar) : IRefusalNotice
{
    public void Show(string message) => snackbar.Add(message, Severity.Error);
}

public static class RefusalNoticeSetup
{
    public static IHostApplicationBuilder AddRefusalNotices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IRefusalNotice, SnackbarRefusalNotice>();
        return builder;
    }
}
