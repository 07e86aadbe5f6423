using MudBlazor;

namespace Dashboard.Components.Layout;

/// <summary>The one theme of the app: calm blue, local fonts only (the machine has no internet).</summary>
public static class AppTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fd1",
            Secondary = "#5b6b82",
            AppbarBackground = "#1f2a3c",
            Background = "#f5f7fb",
            DrawerBackground = "#ffffff",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Liberation Sans", "Helvetica", "Arial", "sans-serif"] },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
