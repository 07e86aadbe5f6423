using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Dashboard.Tests.Infrastructure.BrowserFixture))]

namespace Dashboard.Tests.Infrastructure;

/// <summary>One headless system Chromium for the whole run; each test opens its own context (own cookies).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Browser not started.");

    public async ValueTask InitializeAsync()
    {
        // For every browser test, set before any runs: the machine is shared and often busy, so the circuit gets time
        // before an expectation fails (Playwright's 5 s default is too short on a loaded 2-core machine).
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
