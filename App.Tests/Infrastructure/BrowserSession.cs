using Microsoft.Playwright;

namespace Dashboard.Tests.Infrastructure;

/// <summary>A signed-in (or not) browser tab against a running app, with numbered screenshots for the artifacts.</summary>
public sealed class BrowserSession(IBrowserContext context, IPage page, Uri baseAddress, string name) : IAsyncDisposable
{
    private readonly string _screenshotDir = Artifacts.Directory(Path.Combine("screenshots", name));
    private int _shot;

    public IPage Page => page;

    /// <summary>The test's name (and variant), which names its screenshot folder.</summary>
    public string Name => name;

    /// <summary>A fresh context; <paramref name="colorScheme"/> is the system preference the pages see (light unless told).</summary>
    public static async Task<BrowserSession> OpenAsync(BrowserFixture browser, Uri baseAddress, string testName, ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = baseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 860 }, ColorScheme = colorScheme,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page, baseAddress, testName);
    }

    /// <summary>Opens a page of the app (a full load) and waits until it is interactive.</summary>
    public async Task GotoAsync(string path)
    {
        await page.GotoAsync(new Uri(baseAddress, path).ToString());
        await WaitInteractiveAsync();
    }

    /// <summary>Loads the page again (a new circuit) and waits until it is interactive.</summary>
    public async Task ReloadAsync()
    {
        await page.ReloadAsync();
        await WaitInteractiveAsync();
    }

    /// <summary>
    /// The one wait for "a person can use this page now", after every full load: the app's pages are inert until their
    /// circuit is up (MainLayout's marker, app.css), the plain pages (sign-in, errors) are plain HTML forms and ready as loaded.
    /// Navigation inside the app keeps its circuit, so it needs no wait.
    /// </summary>
    public async Task WaitInteractiveAsync() =>
        await page.WaitForSelectorAsync("#app-root[data-interactive='true'], .plain-layout", new() { State = WaitForSelectorState.Attached });

    /// <summary>Signs in through the form and waits for where it lands, interactive (from "/", the user's first account).</summary>
    public async Task SignInAsync(string email, string password, string path = "/")
    {
        await page.GotoAsync(new Uri(baseAddress, $"/account/login?returnUrl={Uri.EscapeDataString(path)}").ToString());
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.OrdinalIgnoreCase));
        await WaitInteractiveAsync();
        // "/" sends a member on to their account (a navigation of its own): wait for it, or for the page saying there is none.
        if (path == "/") await page.WaitForFunctionAsync("() => location.pathname !== '/' || document.getElementById('no-account') !== null");
    }

    /// <summary>
    /// Types into the focused field key by key at a fast typist's pace (about 12 keys a second), not the machine's
    /// (one a millisecond). On Blazor Server every key of an immediate MudBlazor field is a round trip; MudBlazor 9 no
    /// longer holds a focused field's text against a late re-render (it dropped TextUpdateSuppression), so keys sent faster
    /// than a loaded server answers can be overwritten ("half-typd"). The app-side fix is open (closing note of #27).
    /// </summary>
    public Task TypeLikeAPersonAsync(string text) => page.Keyboard.TypeAsync(text, new() { Delay = 80 });

    /// <summary>The whole page, or with <paramref name="fullPage"/> false what the window shows (a dialog as a person sees it).</summary>
    public async Task ScreenshotAsync(string step, bool fullPage = true)
    {
        _shot++;
        await page.ScreenshotAsync(new() { Path = Path.Combine(_screenshotDir, $"{_shot:00}-{step}.png"), FullPage = fullPage });
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
