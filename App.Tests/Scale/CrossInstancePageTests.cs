using Dashboard.Tests.Dispatch;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Dashboard.Tests.Scale;

/// <summary>
/// A delivery page open on instance A, while instance B (same PostgreSQL database) makes the attempts: each attempt B
/// records appears on A's page within a second, without a reload.
/// </summary>
[Collection(SeveralInstances.Name)]
public sealed class CrossInstancePageTests(BrowserFixture browser) : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private TestReceiver _receiver = null!;
    private DispatchFactory _a = null!, _b = null!;

    public async ValueTask InitializeAsync()
    {
        if (!TestProvider.IsPostgreSql) Assert.Skip("Several instances share a PostgreSQL database: this runs in the PostgreSQL run of scripts/test.sh.");
        _receiver = await TestReceiver.StartAsync();
        _a = new DispatchFactory(settings: new Dictionary<string, string?> { ["Dispatch:Enabled"] = "false" });
        _a.StartServer();
        // B retries 10 s after the first failure, while A's page is open.
        _b = new DispatchFactory(settings: new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = _a.PostgreSqlConnectionString,
            ["Dispatch:RetrySchedule:0"] = "00:00:00", ["Dispatch:RetrySchedule:1"] = "00:00:10", ["Dispatch:Jitter"] = "0",
        });
        _b.StartServer();
    }

    public async ValueTask DisposeAsync()
    {
        if (_b is not null) await _b.DisposeAsync();
        if (_a is not null) await _a.DisposeAsync();
        if (_receiver is not null) await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_delivery_page_open_on_one_instance_shows_the_attempt_another_instance_records_within_a_second()
    {
        _receiver.Script("/hook", Reply.Error(500), Reply.Ok());
        var account = await _a.DemoAccountIdAsync();
        await _a.CreateWebhookAsync(account, _receiver.Url("/hook"));
        var published = await _a.PublishAsync(account);
        var delivery = await WaitForAttemptsAsync(published.EventId, 1);

        await using var session = await BrowserSession.OpenAsync(browser, _a.ServerAddress, nameof(A_delivery_page_open_on_one_instance_shows_the_attempt_another_instance_records_within_a_second));
        var page = session.Page;
        await session.SignInAsync(DashboardFactory.AdminEmail, DashboardFactory.AdminPassword, AccountRouteOf(account, delivery));
        await Assertions.Expect(page.GetByTestId("attempt")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("status-chip").First).ToHaveTextAsync("Retrying");

        // B retries; from the moment its attempt is committed, A's page has a second to show it.
        await WaitForAttemptsAsync(published.EventId, 2);
        await Assertions.Expect(page.GetByTestId("attempt")).ToHaveCountAsync(2, new() { Timeout = 1000 });
        await Assertions.Expect(page.GetByTestId("status-chip").First).ToHaveTextAsync("Succeeded", new() { Timeout = 1000 });
        await session.ScreenshotAsync("page-on-a-attempt-by-b");
    }

    private static string AccountRouteOf(int account, Guid delivery) => Dashboard.Components.Shared.AccountRoute.Delivery(account, delivery);

    private async Task<Guid> WaitForAttemptsAsync(Guid eventId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await using var db = _a.CreateDbContext();
            var delivery = await db.Deliveries.AsNoTracking().SingleOrDefaultAsync(d => d.EventId == eventId, Ct);
            if (delivery is not null && await db.Attempts.CountAsync(a => a.DeliveryId == delivery.Id, Ct) >= count) return delivery.Id;
            Assert.True(DateTime.UtcNow < deadline, $"B did not make attempt {count} within 20 s");
            await Task.Delay(20, Ct);
        }
    }
}
