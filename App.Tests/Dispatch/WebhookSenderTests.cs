using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dashboard.Deliveries;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Dispatch;

public sealed class WebhookSenderTests : IAsyncLifetime
{
    private TestReceiver _receiver = null!;

    public async ValueTask InitializeAsync() => _receiver = await TestReceiver.StartAsync();

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_2xx_answer_is_captured_with_status_headers_body_and_duration()
    {
        _receiver.Script("/ok", new Reply(202, """{"received":true}""", "application/json", new Dictionary<string, string> { ["X-Receiver"] = "r1" }));
        var (sender, http) = SenderHarness.Create();
        using var _ = http;
        var before = DateTime.UtcNow;

        var outcome = await sender.SendAsync(SenderHarness.Request(_receiver.Url("/ok")), Ct);

        Assert.True(outcome.Succeeded);
        Assert.Equal(202, outcome.ResponseStatus);
        Assert.Equal("""{"received":true}""", outcome.ResponseBody);
        Assert.False(outcome.ResponseBodyBinary);
        Assert.False(outcome.ResponseBodyTruncated);
        Assert.Contains("X-Receiver: r1", outcome.ResponseHeaders!.Split('\n'));
        Assert.Contains(outcome.ResponseHeaders.Split('\n'), l => l.StartsWith("Content-Type: application/json", StringComparison.Ordinal));
        Assert.Equal(AttemptError.None, outcome.Error);
        Assert.Null(outcome.ErrorMessage);
        Assert.InRange(outcome.StartedAt, before.AddSeconds(-1), DateTime.UtcNow);
        Assert.InRange(outcome.DurationMs, 0, 5000);
    }

    [Fact]
    public async Task A_500_is_a_failure_with_its_body_kept()
    {
        _receiver.Script("/err", Reply.Error(500, "database down"));
        var (sender, http) = SenderHarness.Create();
        using var _ = http;

        var outcome = await sender.SendAsync(SenderHarness.Request(_receiver.Url("/err")), Ct);

        Assert.False(outcome.Succeeded);
        Assert.Equal(500, outcome.ResponseStatus);
        Assert.Equal("database down", outcome.ResponseBody);
        Assert.Equal(AttemptError.None, outcome.Error);
    }

    [Fact]
    public async Task Redirects_are_not_followed_and_count_as_failure()
    {
        _receiver.Script("/moved", new Reply(302, Headers: new Dictionary<string, string> { ["Location"] = _receiver.Url("/target") }));
        var (sender, http) = SenderHarness.Create();
        using var _ = http;

        var outcome = await sender.SendAsync(SenderHarness.Request(_receiver.Url("/moved")), Ct);

        Assert.False(outcome.Succeeded);
        Assert.Equal(302, outcome.ResponseStatus);
        Assert.Empty(_receiver.To("/target"));
    }

    [Fact]
    public async Task Binary_and_oversized_bodies_are_noted_not_stored_whole()
    {
        _receiver.Script("/png", new Reply(200, ContentType: "image/png", BinaryBody: [0x89, 0x50, 0x4E, 0x47]));
        _receiver.Script("/nul", new Reply(200, BinaryBody: [0x41, 0x00, 0x42]));
        _receiver.Script("/latin1", new Reply(200, BinaryBody: [0x41, 0xE9, 0x42]));
        _receiver.Script("/big", new Reply(200, new string('é', 20_000), "text/plain; charset=utf-8"));
        var (sender, http) = SenderHarness.Create();
        using var _ = http;

        var png = await sender.SendAsync(SenderHarness.Request(_receiver.Url("/png")), Ct);
        var nul = await sender.SendAsync(SenderHarness.Request(_receiver.Url("/nul")), Ct);
        var latin1 = await sender.SendAsync(SenderHarness.Request(_receiver.Url("/latin1")), Ct);
        var big = await sender.SendAsync(SenderHarness.Request(_receiver.Url("/big")), Ct);

        Assert.All([png, nul, latin1], o => { Assert.True(o.ResponseBodyBinary); Assert.Null(o.ResponseBody); });
        Assert.False(big.ResponseBodyBinary);
        Assert.True(big.ResponseBodyTruncated);
        // 'é' is two bytes: 16 KB hold 8,192 of them, cut on a character boundary.
        Assert.Equal(new string('é', 8192), big.ResponseBody);
    }

    [Fact]
    public async Task Retry_after_is_read_as_seconds_or_as_an_http_date()
    {
        _receiver.Script("/seconds", Reply.TooMany("120"));
        _receiver.Script("/date", Reply.TooMany(DateTimeOffset.UtcNow.AddMinutes(10).ToString("R")));
        var (sender, http) = SenderHarness.Create();
        using var _ = http;

        var seconds = await sender.SendAsync(SenderHarness.Request(_receiver.Url("/seconds")), Ct);
        var date = await sender.SendAsync(SenderHarness.Request(_receiver.Url("/date")), Ct);

        Assert.Equal(429, seconds.ResponseStatus);
        Assert.Equal(TimeSpan.FromSeconds(120), seconds.RetryAfter);
        Assert.InRange(date.RetryAfter!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task A_hanging_receiver_times_out_within_the_configured_timeout()
    {
        _receiver.Script("/hang", Reply.Hanging());
        var (sender, http) = SenderHarness.Create(timeout: TimeSpan.FromMilliseconds(500));
        using var _ = http;
        var clock = Stopwatch.StartNew();

        var outcome = await sender.SendAsync(SenderHarness.Request(_receiver.Url("/hang")), Ct);

        Assert.Equal(AttemptError.Timeout, outcome.Error);
        Assert.Null(outcome.ResponseStatus);
        Assert.Contains("0.5 s", outcome.ErrorMessage);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(3));
        Assert.InRange(outcome.DurationMs, 450, 3000);
    }

    [Fact]
    public async Task A_reset_connection_and_a_refused_connection_are_told_apart()
    {
        _receiver.Script("/reset", Reply.ResetConnection());
        var (sender, http) = SenderHarness.Create();
        using var _ = http;

        var reset = await sender.SendAsync(SenderHarness.Request(_receiver.Url("/reset")), Ct);
        var refused = await sender.SendAsync(SenderHarness.Request($"http://127.0.0.1:{UnusedPort()}/x"), Ct);

        Assert.Equal(AttemptError.ConnectionReset, reset.Error);
        Assert.Single(_receiver.To("/reset"));
        Assert.Equal(AttemptError.ConnectionRefused, refused.Error);
        Assert.Contains("refused", refused.ErrorMessage);
    }

    [Fact]
    public async Task An_unresolvable_host_is_a_dns_error()
    {
        var (sender, http) = SenderHarness.Create();
        using var _ = http;

        var outcome = await sender.SendAsync(SenderHarness.Request("http://no-such-host.invalid/hook"), Ct);

        Assert.Equal(AttemptError.Dns, outcome.Error);
        Assert.Contains("no-such-host.invalid", outcome.ErrorMessage);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_throws_instead_of_recording_a_timeout()
    {
        _receiver.Script("/hang", Reply.Hanging());
        var (sender, http) = SenderHarness.Create();
        using var _ = http;
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sender.SendAsync(SenderHarness.Request(_receiver.Url("/hang")), cts.Token));
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
