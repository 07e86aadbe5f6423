using Dashboard.Telemetry;
using Dashboard.Tests.Dispatch;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Telemetry;

/// <summary>
/// <c>/metrics</c> of the real app after real deliveries to a real receiver: each counter moved by exactly what happened.
/// </summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private readonly DispatchFactory _app = new(settings: new Dictionary<string, string?>
    {
        // A failed first try plans the next one an hour away: within the test, each event gets exactly one try per webhook.
        ["Dispatch:RetrySchedule:0"] = "00:00:00",
        ["Dispatch:RetrySchedule:1"] = "01:00:00",
        ["Dispatch:PerWebhookConcurrency"] = "1",
    });
    private TestReceiver _receiver = null!;

    public async ValueTask InitializeAsync() => _receiver = await TestReceiver.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Counters_move_by_the_deliveries_events_and_answers_that_happened()
    {
        var accountId = await _app.DemoAccountIdAsync();
        _receiver.Script("/ok", Reply.Ok()).Script("/fails", Reply.Error(500)).Script("/gone", Reply.Gone());
        await _app.CreateWebhookAsync(accountId, _receiver.Url("/ok"), "message_created");
        await _app.CreateWebhookAsync(accountId, _receiver.Url("/fails"), "message_created");
        await _app.CreateWebhookAsync(accountId, _receiver.Url("/gone"), "conversation_created");
        using var client = _app.CreateRealClient();
        var before = await ScrapeAsync(client);

        for (var i = 0; i < 3; i++) await PostEventAsync(client, accountId, "message_created");
        await PostEventAsync(client, accountId, "conversation_created");
        using (var refused = await client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{accountId}/events", "dsh_not_a_token", """{"event":"message_created"}"""))
            Assert.Equal(401, (int)refused.StatusCode);
        using (var unknown = await client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{accountId}/events", DashboardFactory.AdminApiToken, """{"event":"no_such_event"}"""))
            Assert.Equal(422, (int)unknown.StatusCode);
        await _receiver.WaitUntilAsync(r => r.Count(x => x.Path == "/ok") == 3 && r.Count(x => x.Path == "/fails") == 3 && r.Count(x => x.Path == "/gone") == 1);

        // The attempts are counted once committed, a moment after the receiver answered.
        var after = await WaitForScrapeAsync(client, m => Delta(before, m, "dashboard_deliveries_attempts_total") >= 7);
        Assert.Equal(3, Delta(before, after, "dashboard_events_accepted_total", "event=message_created"));
        Assert.Equal(1, Delta(before, after, "dashboard_events_accepted_total", "event=conversation_created"));
        Assert.Equal(3, Delta(before, after, "dashboard_deliveries_attempts_total", "outcome=success", "trigger=scheduled"));
        Assert.Equal(3, Delta(before, after, "dashboard_deliveries_attempts_total", "outcome=http_5xx", "trigger=scheduled"));
        Assert.Equal(1, Delta(before, after, "dashboard_deliveries_attempts_total", "outcome=http_4xx", "trigger=scheduled"));
        Assert.Equal(7, Delta(before, after, "dashboard_deliveries_attempts_total"));
        Assert.Equal(3, Delta(before, after, "dashboard_deliveries_attempt_duration_seconds_count", "outcome=success"));
        Assert.Equal(3, Delta(before, after, "dashboard_deliveries_retries_scheduled_total"));
        Assert.Equal(1, Delta(before, after, "dashboard_webhooks_disabled_total", "reason=gone"));
        Assert.Equal(4, Delta(before, after, "dashboard_ingestion_answers_total", "status=202"));
        Assert.Equal(1, Delta(before, after, "dashboard_ingestion_answers_total", "status=401"));
        Assert.Equal(1, Delta(before, after, "dashboard_ingestion_answers_total", "status=422"));
        // The three retries wait an hour: nothing is due now, nothing is in flight.
        Assert.Equal(0, after.Sum("dashboard_deliveries_due"));
        Assert.Equal(0, after.Sum("dashboard_deliveries_in_flight"));
        Assert.True(after.Has("dashboard_deliveries_oldest_due_age_seconds"));
        Assert.True(after.Sum("dashboard_writer_transactions_total") > 0);
        Assert.InRange(after.Sum("dashboard_writer_commit_time_seconds_total"), double.Epsilon, after.Sum("dashboard_writer_busy_time_seconds_total"));
        Assert.True(after.Has("dashboard_writer_busy_fraction"));
        // Bounded labels: no URL, path or id of anything appears in the exposition.
        Assert.DoesNotContain(after.Samples.SelectMany(s => s.Labels.Values), v => v.Contains(_receiver.BaseUrl) || v.Contains("/gone"));
    }

    [Fact]
    public async Task The_backlog_gauges_show_sends_in_flight_and_deliveries_waiting_for_a_slot()
    {
        var accountId = await _app.DemoAccountIdAsync();
        // One send at a time to this webhook, and it never answers: the first event is in flight, the next two wait.
        _receiver.Script("/hangs", Reply.Hanging());
        await _app.CreateWebhookAsync(accountId, _receiver.Url("/hangs"), "message_created");
        using var client = _app.CreateRealClient();

        for (var i = 0; i < 3; i++) await PostEventAsync(client, accountId, "message_created");
        await _receiver.WaitUntilAsync(r => r.Count == 1);
        await Task.Delay(200, TestContext.Current.CancellationToken);

        var scrape = await ScrapeAsync(client);
        Assert.Equal(1, scrape.Sum("dashboard_deliveries_in_flight"));
        Assert.Equal(2, scrape.Sum("dashboard_deliveries_due"));
        Assert.True(scrape.Sum("dashboard_deliveries_oldest_due_age_seconds") > 0);
    }

    private static async Task PostEventAsync(HttpClient client, int accountId, string name)
    {
        using var response = await client.SendAsync(HttpMethod.Post, $"/api/v1/accounts/{accountId}/events", DashboardFactory.AdminApiToken,
            $$"""{"event":"{{name}}","id":{{Random.Shared.Next()}},"content":"Hi"}""");
        Assert.Equal(202, (int)response.StatusCode);
    }

    private static double Delta(PrometheusText before, PrometheusText after, string name, params string[] labels) =>
        after.Sum(name, labels) - before.Sum(name, labels);

    private static async Task<PrometheusText> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync(ServiceDefaults.MetricsPath, TestContext.Current.CancellationToken);
        Assert.Equal(200, (int)response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<PrometheusText> WaitForScrapeAsync(HttpClient client, Func<PrometheusText, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var scrape = await ScrapeAsync(client);
            if (condition(scrape) || DateTime.UtcNow > deadline) return scrape;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
