using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

/// <summary>Dark mode: follows the system, a choice in the user menu overrides it and is remembered, and the server draws it.</summary>
public sealed class ThemeFlowTests(BrowserFixture browser, DashboardFactory _app) : IClassFixture<DashboardFactory>
{
    private const string LightBackground = "rgb(245, 247, 251)";
    private const string DarkBackground = "rgb(20, 24, 33)";

    [Fact]
    public async Task A_dark_system_gets_the_dark_theme_and_the_menu_choice_of_light_is_remembered_across_loads()
    {
        var account = await _app.DemoAccountIdAsync();
        await using var session = await BrowserSession.OpenAsync(browser, _app.ServerAddress, nameof(A_dark_system_gets_the_dark_theme_and_the_menu_choice_of_light_is_remembered_across_loads), ColorScheme.Dark);
        var page = session.Page;
        await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword, $"/accounts/{account}");
        await ExpectBackgroundAsync(page, DarkBackground);

        await page.GetByRole(AriaRole.Button, new() { Name = "User menu" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Light theme" }).ClickAsync();
        await ExpectBackgroundAsync(page, LightBackground);
        Assert.Contains(await page.Context.CookiesAsync(), c => c is { Name: "theme", Value: "light" });

        await session.GotoAsync($"/accounts/{account}/deliveries");
        await ExpectBackgroundAsync(page, LightBackground);

        // Back to the system's choice: dark again, and remembered as such.
        await page.GetByRole(AriaRole.Button, new() { Name = "User menu" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Theme of the system" }).ClickAsync();
        await ExpectBackgroundAsync(page, DarkBackground);
        Assert.Contains(await page.Context.CookiesAsync(), c => c is { Name: "theme", Value: "system" });
    }

    [Theory]
    [InlineData("dark", "#141821")]
    [InlineData("light", "#f5f7fb")]
    public async Task The_server_draws_the_remembered_theme_in_the_first_answer_so_nothing_flashes(string choice, string background)
    {
        var account = await _app.DemoAccountIdAsync();
        // The opposite system preference: only the remembered choice can explain the colours.
        await using var session = await BrowserSession.OpenAsync(browser, _app.ServerAddress, $"{nameof(The_server_draws_the_remembered_theme_in_the_first_answer_so_nothing_flashes)}-{choice}",
            choice == "dark" ? ColorScheme.Light : ColorScheme.Dark);
        await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword, $"/accounts/{account}");
        await session.Page.Context.AddCookiesAsync([new() { Name = "theme", Value = choice, Url = _app.ServerAddress.ToString() }]);

        // The page as the server sends it, before any script: the theme's style is already in it.
        var answer = await session.Page.APIRequest.GetAsync(new Uri(_app.ServerAddress, $"/accounts/{account}").ToString());
        var html = await answer.TextAsync();

        Assert.Contains($"data-theme=\"{choice}\"", html);
        var drawn = System.Text.RegularExpressions.Regex.Match(html, "--mud-palette-background:\\s*([^;]+);").Groups[1].Value.Replace(" ", "").ToLowerInvariant();
        var (r, g, b) = (Convert.ToInt32(background[1..3], 16), Convert.ToInt32(background[3..5], 16), Convert.ToInt32(background[5..7], 16));
        Assert.Contains(drawn, new[] { background, background + "ff", $"rgba({r},{g},{b},1)", $"rgb({r},{g},{b})" });
    }

    [Fact]
    public async Task The_sign_in_page_follows_the_system_theme_without_MudBlazor()
    {
        await using var session = await BrowserSession.OpenAsync(browser, _app.ServerAddress, nameof(The_sign_in_page_follows_the_system_theme_without_MudBlazor), ColorScheme.Dark);
        var loaded = new List<string>();
        session.Page.Request += (_, request) => loaded.Add(request.Url);
        await session.GotoAsync("/account/login");

        await ExpectBackgroundAsync(session.Page, DarkBackground);
        Assert.DoesNotContain(loaded, url => url.Contains("MudBlazor", StringComparison.OrdinalIgnoreCase) || url.Contains("blazor.web", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(loaded, url => url.Contains("app.", StringComparison.Ordinal) && url.EndsWith(".css", StringComparison.Ordinal));
    }

    private static Task ExpectBackgroundAsync(IPage page, string rgb) =>
        Assertions.Expect(page.Locator("body")).ToHaveCSSAsync("background-color", rgb);
}
