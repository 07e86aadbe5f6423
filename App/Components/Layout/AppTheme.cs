using MudBlazor;

namespace Dashboard.Components.Layout;

/// <summary>
/// The one theme of the app: calm blue, local fonts only (the machine has no internet). Both palettes pass WCAG AA:
/// every status colour is at least 4.5:1 as text on the surface and the page background (outlined and text chips,
/// links, captions), and the text on filled buttons is at least 4.5:1 on the colour (dark text on the light colours
/// of the dark palette). Checked by axe in the browser tests, in both themes.
/// </summary>
public static class AppTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fd1",
            Secondary = "#596475",
            Tertiary = "#6a4fb3",
            Info = "#0a66b8",
            Success = "#17692e",
            Warning = "#8f5400",
            Error = "#b3261e",
            AppbarBackground = "#1f2a3c",
            AppbarText = "#ffffff",
            Background = "#f5f7fb",
            BackgroundGray = "#eceff4",
            Surface = "#ffffff",
            DrawerBackground = "#ffffff",
            DrawerText = "#1f2a3c",
            DrawerIcon = "#4a5568",
            TextPrimary = "#1f2a3c",
            TextSecondary = "#4f5a6b",
            ActionDefault = "#4a5568",
            LinesInputs = "#6b7687",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8ab4ff",
            PrimaryContrastText = "#0b1a33",
            Secondary = "#b4bdcc",
            SecondaryContrastText = "#0b1a33",
            Tertiary = "#c3b1ff",
            TertiaryContrastText = "#0b1a33",
            Info = "#7cc4ff",
            InfoContrastText = "#0b1a33",
            Success = "#6fd08f",
            SuccessContrastText = "#0b1a33",
            Warning = "#ffb74d",
            WarningContrastText = "#0b1a33",
            Error = "#ff8a80",
            ErrorContrastText = "#0b1a33",
            Dark = "#0e1117",
            AppbarBackground = "#10141c",
            AppbarText = "#e6e9ef",
            Background = "#141821",
            BackgroundGray = "#0e1117",
            Surface = "#1e2430",
            DrawerBackground = "#1a1f29",
            DrawerText = "#e6e9ef",
            DrawerIcon = "#b4bdcc",
            TextPrimary = "#e6e9ef",
            TextSecondary = "#b4bdcc",
            ActionDefault = "#b4bdcc",
            LinesDefault = "#3a4252",
            LinesInputs = "#8a94a6",
            TableLines = "#3a4252",
            Divider = "#3a4252",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Liberation Sans", "Helvetica", "Arial", "sans-serif"] },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
