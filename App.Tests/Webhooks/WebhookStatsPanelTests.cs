using Dashboard.Data;
using Dashboard.Dispatch;
using Dashboard.Webhooks;
using Dashboard.Tests.Deliveries;
using Bunit;
using Dashboard.Deliveries;

namespace Dashboard.Tests.Webhooks;

/// <summary>The health figures of a webhook's page, from the hourly counts the attempts trigger keeps.</summary>
public sealed class WebhookStatsPanelTests : LogComponentContext
{
    [Fact]
    public async Task Figures_show_success_rate_latency_floors_and_attempts_and_switch_to_seven_days()
    {
        var now = DateTime.UtcNow;
        await using (var connection = await Db.OpenAsync())
        {
            var delivery = LogData.Generate(1, Account, [Hook], now.AddDays(-3))[0];
            await LogData.InsertAsync(connection, [delivery]);
            // Last 24 h: 3 of 4 succeeded, 10/20/30 ms and one of 1,234 ms; 3 days ago: 2 more that failed.
            int[] durations = [10, 20, 30, 1234];
            for (var i = 0; i < durations.Length; i++)
                await LogData.AddAttemptAsync(connection, delivery, i + 1, now.AddHours(-i - 1), succeeded: i != 3, durationMs: durations[i]);
            await LogData.AddAttemptAsync(connection, delivery, 5, now.AddDays(-3), succeeded: false, durationMs: 40);
            await LogData.AddAttemptAsync(connection, delivery, 6, now.AddDays(-3), succeeded: false, durationMs: 15_000, answered: false);
        }

        var panel = Render<WebhookStatsPanel>(p => p.Add(c => c.AccountId, Account).Add(c => c.WebhookId, Hook));

        panel.WaitForAssertion(() => Assert.Equal("4", Figure(panel, "attempts")));
        Assert.Equal("75.0%", Figure(panel, "success-rate"));
        Assert.Equal("20 ms", Figure(panel, "median"));
        Assert.Equal("1.2 s", Figure(panel, "p95")); // 1,234 ms, kept to two significant digits
        Assert.Contains("two significant digits", panel.Find("[data-testid=latency-note]").TextContent);

        // Beside each chart, what it draws in words; the numbers as a table under them.
        Assert.StartsWith("4 tries in 4 of 24 hours: 75 % succeeded. Worst: ", panel.Find("[data-testid=success-summary]").TextContent.Trim());
        Assert.EndsWith(", 0 % of 1 try.", panel.Find("[data-testid=success-summary]").TextContent.Trim());
        Assert.StartsWith("Median 20 ms, p95 1.2 s. Slowest: ", panel.Find("[data-testid=latency-summary]").TextContent.Trim());
        Assert.Equal(4, panel.FindAll("[data-testid=stats-table] tbody tr").Count);

        panel.FindAll("button").Single(b => b.TextContent.Contains("Last 7 days")).Click();

        panel.WaitForAssertion(() => Assert.Equal("6", Figure(panel, "attempts")));
        Assert.Equal("50.0%", Figure(panel, "success-rate"));
        Assert.Equal("30 ms", Figure(panel, "median")); // the unanswered try counts as an attempt, not as a latency
    }

    [Fact]
    public void A_webhook_of_another_account_shows_no_attempts()
    {

        var panel = Render<WebhookStatsPanel>(p => p.Add(c => c.AccountId, Account + 1).Add(c => c.WebhookId, Hook));

        panel.WaitForAssertion(() => Assert.Equal("0", Figure(panel, "attempts")));
        Assert.Contains("No attempts in this period yet.", panel.Markup);
    }

    private static string Figure(IRenderedComponent<WebhookStatsPanel> panel, string testId) =>
        panel.Find($"[data-testid={testId}]").TextContent.Trim();

    [Fact]
    public async Task A_webhook_whose_every_try_failed_draws_full_failed_bars_and_says_so()
    {
        var now = DateTime.UtcNow;
        await using (var connection = await Db.OpenAsync())
        {
            var delivery = LogData.Generate(1, Account, [Hook], now.AddHours(-1))[0];
            await LogData.InsertAsync(connection, [delivery]);
            for (var i = 0; i < 3; i++) await LogData.AddAttemptAsync(connection, delivery, i + 1, now, succeeded: false, durationMs: 50);
        }

        var panel = Render<WebhookStatsPanel>(p => p.Add(c => c.AccountId, Account).Add(c => c.WebhookId, Hook));

        panel.WaitForAssertion(() => Assert.Equal("0.0%", Figure(panel, "success-rate")));
        var chart = panel.FindComponents<MudBlazor.MudChart<double>>().First(c => c.Instance.ChartType == MudBlazor.ChartType.StackedBar);
        var failed = chart.Instance.ChartSeries.Single(s => s.Name == "Failed %");
        Assert.Equal(100, failed.Data.Values.Last()); // the current hour: a full bar of failures, not an empty one
        Assert.Equal(0, chart.Instance.ChartSeries.Single(s => s.Name == "Succeeded %").Data.Values.Last());
        Assert.StartsWith("3 tries in 1 of 24 hours: 0 % succeeded.", panel.Find("[data-testid=success-summary]").TextContent.Trim());
    }
}
