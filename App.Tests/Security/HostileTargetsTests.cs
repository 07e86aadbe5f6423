using Dashboard.Deliveries;
using Dashboard.Tests.Dispatch;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;

namespace Dashboard.Tests.Security;

/// <summary>
/// Webhook addresses an attacker would try, and receivers that misbehave: refused when saved, or refused or bounded when
/// sent, never reached where they must not be, never a crash. (More cases: Dispatch/AddressGuardTests, WebhookSenderTests.)
/// </summary>
public sealed class HostileTargetsTests : IAsyncLifetime
{
    private TestReceiver _receiver = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _receiver = await TestReceiver.StartAsync();

    public async ValueTask DisposeAsync() => await _receiver.DisposeAsync();

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://files.example/hook")]
    [InlineData("data:text/plain,hi")]
    [InlineData("gopher://example.com:70/_x")]
    [InlineData("//example.com/hook")]
    [InlineData("https://user:pass@example.com/hook")]
    [InlineData("https://example.com/\r\nHost: evil")]
    public void An_address_that_is_not_a_plain_http_url_is_refused_when_saved(string url) =>
        Assert.NotNull(WebhookRules.ValidateUrl(url));

    [Fact]
    public void An_address_over_2048_characters_is_refused_when_saved() =>
        Assert.Contains("2,048", WebhookRules.ValidateUrl("https://example.com/" + new string('a', 2100)));

    // Other spellings of loopback that parsers disagree on: all resolve to 127.0.0.1 and are refused at connect time.
    [Theory]
    [InlineData("http://0x7f000001:{port}/hook")]
    [InlineData("http://017700000001:{port}/hook")]
    [InlineData("http://127.1:{port}/hook")]
    [InlineData("http://[::ffff:7f00:1]:{port}/hook")]
    [InlineData("http://[0:0:0:0:0:ffff:127.0.0.1]:{port}/hook")]
    public async Task Encoded_loopback_addresses_are_refused_at_connect_time_and_never_reached(string template)
    {
        var (sender, http) = SenderHarness.Create(allowPrivate: false);
        using var _ = http;

        var outcome = await sender.SendAsync(SenderHarness.Request(template.Replace("{port}", _receiver.Port.ToString())), Ct);

        Assert.Equal(AttemptError.BlockedAddress, outcome.Error);
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public async Task Huge_response_headers_are_a_recorded_failure_not_a_crash()
    {
        _receiver.Script("/huge", new Reply(200, "ok", "text/plain", new Dictionary<string, string> { ["X-Huge"] = new string('h', 200_000) }));
        var (sender, http) = SenderHarness.Create();
        using var _ = http;

        var outcome = await sender.SendAsync(SenderHarness.Request(_receiver.Url("/huge")), Ct);

        Assert.False(outcome.Succeeded);
        Assert.NotEqual(AttemptError.None, outcome.Error);
        Assert.False(string.IsNullOrWhiteSpace(outcome.ErrorMessage));
    }

    [Fact]
    public async Task A_huge_retry_after_is_capped_so_a_receiver_cannot_park_a_delivery()
    {
        _receiver.Script("/slow-down", Reply.TooMany("999999999"));
        var (sender, http) = SenderHarness.Create();
        using var _ = http;

        var outcome = await sender.SendAsync(SenderHarness.Request(_receiver.Url("/slow-down")), Ct);
        var policy = new Dashboard.Dispatch.RetryPolicy(Microsoft.Extensions.Options.Options.Create(new Dashboard.Dispatch.DispatchOptions { Jitter = 0 }));
        var next = policy.NextDelay(1, outcome, new Random(1));

        Assert.Equal(429, outcome.ResponseStatus);
        Assert.NotNull(next);
        Assert.True(next < TimeSpan.FromDays(1), $"next try in {next}");
    }
}
