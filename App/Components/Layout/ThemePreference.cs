namespace Dashboard.Components.Layout;

/// <summary>Light, dark, or whatever the operating system says (the default).</summary>
public enum ThemeChoice { System, Light, Dark }

/// <summary>
/// The user's theme, remembered in a cookie so the server renders the right colours from the first byte (no flash of
/// light before dark). "Follow the system" is answered from the <c>Sec-CH-Prefers-Color-Scheme</c> client hint the
/// browser sends once asked for it (every answer asks), and checked in the browser once the circuit is up.
/// </summary>
public static class ThemePreference
{
    public const string CookieName = "theme";
    public const string ClientHint = "Sec-CH-Prefers-Color-Scheme";

    public static ThemeChoice Parse(string? value) => Enum.TryParse<ThemeChoice>(value, ignoreCase: true, out var choice) ? choice : ThemeChoice.System;

    /// <summary>Dark or not, as best the server can tell from the request alone.</summary>
    public static bool IsDark(ThemeChoice choice, string? clientHint) =>
        choice == ThemeChoice.Dark || (choice == ThemeChoice.System && string.Equals(clientHint, "dark", StringComparison.OrdinalIgnoreCase));

    /// <summary>What the page starts with, read from the request (cookie and client hint).</summary>
    public static (ThemeChoice Choice, bool Dark) FromRequest(HttpRequest request)
    {
        var choice = Parse(request.Cookies[CookieName]);
        return (choice, IsDark(choice, request.Headers[ClientHint]));
    }

    public static IHostApplicationBuilder AddThemePreference(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ThemeState>();
        return builder;
    }

    /// <summary>
    /// Asks browsers to send the colour scheme with their next requests, on pages only (HTML is what depends on it;
    /// a Vary on static files would only split their caches).
    /// </summary>
    public static IApplicationBuilder UseThemeClientHint(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                context.Response.Headers["Accept-CH"] = ClientHint;
                context.Response.Headers.Append("Vary", ClientHint);
            }
            return Task.CompletedTask;
        });
        return next(context);
    });
}

/// <summary>The circuit's theme: the layout draws it and tells it what the system prefers, the user menu changes it.</summary>
public sealed class ThemeState
{
    private bool _systemDark;

    public ThemeChoice Choice { get; private set; }
    public bool Dark => Choice == ThemeChoice.Dark || (Choice == ThemeChoice.System && _systemDark);

    /// <summary>Raised when the theme drawn changes (the choice, or the system's preference while it is followed).</summary>
    public event Action? Changed;

    /// <summary>What the server read from the request; the system's preference is a guess until <see cref="SystemIs"/>.</summary>
    public void Start(ThemeChoice choice, bool dark) => (Choice, _systemDark) = (choice, choice == ThemeChoice.System && dark);

    public void SystemIs(bool dark) => Update(() => _systemDark = dark);

    public void Choose(ThemeChoice choice) => Update(() => Choice = choice);

    private void Update(Action change)
    {
        var before = (Choice, Dark);
        change();
        if (before != (Choice, Dark)) Changed?.Invoke();
    }
}
