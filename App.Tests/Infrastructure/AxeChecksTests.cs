using Microsoft.Playwright;

namespace Dashboard.Tests.Infrastructure;

/// <summary>The axe check can fail: a page with a known serious problem is refused, a clean one passes.</summary>
public sealed class AxeChecksTests(BrowserFixture browser)
{
    [Fact]
    public async Task Low_contrast_text_and_an_unnamed_button_fail_the_check_and_name_the_rules()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync("""
            <html lang="en"><head><title>bad</title></head><body><main><h1>Bad</h1>
            <p style="color:#aaaaaa;background:#ffffff">Succeeded</p><button><svg width="10" height="10"></svg></button>
            </main></body></html>
            """);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => page.AssertNoSeriousAxeViolationsAsync("axe-self-check-bad"));

        Assert.Contains("color-contrast", failure.Message);
        Assert.Contains("button-name", failure.Message);
    }

    [Fact]
    public async Task A_clean_page_passes()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync("""
            <html lang="en"><head><title>good</title></head><body><main><h1>Good</h1>
            <p style="color:#1f2a3c;background:#ffffff">Succeeded</p><button>Send test</button></main></body></html>
            """);

        await page.AssertNoSeriousAxeViolationsAsync("axe-self-check-good");
    }
}
