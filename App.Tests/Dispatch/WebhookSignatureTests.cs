using Dashboard.Dispatch;
using System.Security.Cryptography;
using System.Text;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;

namespace Dashboard.Tests.Dispatch;

/// <summary>Signatures checked by an implementation written here from the specs, not by the app's signer.</summary>
public sealed class WebhookSignatureTests : IAsyncLifetime
{
    private TestReceiver _receiver = null!;

    public async ValueTask InitializeAsync() => _receiver = await TestReceiver.StartAsync();

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    [Fact]
    public async Task Standard_webhooks_and_chatwoot_signatures_verify_independently()
    {
        var (sender, http) = SenderHarness.Create();
        using var _ = http;
        var request = SenderHarness.Request(_receiver.Url("/hook"));

        var outcome = await sender.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.True(outcome.Succeeded);
        var got = Assert.Single(_receiver.Requests);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(request.Payload.Span), got.Body);
        Assert.Equal(request.DeliveryId, Guid.Parse(got.Header("webhook-id")));
        Assert.Equal(got.Header("webhook-id"), got.Header("X-Chatwoot-Delivery"));
        Assert.Equal(got.Header("webhook-timestamp"), got.Header("X-Chatwoot-Timestamp"));
        var timestamp = long.Parse(got.Header("webhook-timestamp"));
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp, -300, 300);
        Assert.StartsWith("application/json", got.Header("Content-Type"));
        Assert.Equal("application/json", got.Header("Accept")); // as the chat platform sends
        Assert.Equal("Dashboard-Webhooks/1.0", got.Header("User-Agent"));

        var signatures = got.Header("webhook-signature").Split(' ');
        Assert.Equal([ExpectedStandard(request.Secret, got)], signatures);
        Assert.Equal(ExpectedChatwoot(request.Secret, got), got.Header("X-Chatwoot-Signature"));
        Assert.NotEqual(ExpectedStandard(WebhookSecret.Generate(), got), signatures[0]);
    }

    [Fact]
    public async Task During_a_rotation_both_the_new_and_the_previous_secret_verify()
    {
        var (sender, http) = SenderHarness.Create();
        using var _ = http;
        var previous = WebhookSecret.Generate();
        var request = SenderHarness.Request(_receiver.Url("/hook"), previous: previous);

        await sender.SendAsync(request, TestContext.Current.CancellationToken);

        var got = Assert.Single(_receiver.Requests);
        // As README says: the new secret's value first, then the previous one's.
        Assert.Equal([ExpectedStandard(request.Secret, got), ExpectedStandard(previous, got)], got.Header("webhook-signature").Split(' '));
        // The chat product's header has room for one signature: the current secret's.
        Assert.Equal(ExpectedChatwoot(request.Secret, got), got.Header("X-Chatwoot-Signature"));
    }

    [Fact]
    public async Task Recorded_request_headers_show_signatures_but_never_the_secret()
    {
        var (sender, http) = SenderHarness.Create();
        using var _ = http;
        var request = SenderHarness.Request(_receiver.Url("/hook"), previous: WebhookSecret.Generate());

        var outcome = await sender.SendAsync(request, TestContext.Current.CancellationToken);

        var lines = outcome.RequestHeaders.Split('\n');
        Assert.Contains($"webhook-id: {request.DeliveryId}", lines);
        Assert.Contains(lines, l => l.StartsWith("webhook-signature: v1,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("X-Chatwoot-Signature: sha256=", StringComparison.Ordinal));
        Assert.Contains("User-Agent: Dashboard-Webhooks/1.0", lines);
        Assert.Contains("Accept: application/json", lines);
        Assert.DoesNotContain(request.Secret, outcome.RequestHeaders);
        Assert.DoesNotContain(request.Secret["whsec_".Length..], outcome.RequestHeaders);
        Assert.DoesNotContain(request.PreviousSecret!["whsec_".Length..], outcome.RequestHeaders);
    }

    [Fact]
    public async Task The_official_standard_webhooks_library_accepts_our_signatures_and_rejects_tampering()
    {
        var (sender, http) = SenderHarness.Create();
        using var _ = http;
        var previous = WebhookSecret.Generate();
        var plain = SenderHarness.Request(_receiver.Url("/plain"));
        var rotated = SenderHarness.Request(_receiver.Url("/rotated"), previous: previous);
        await sender.SendAsync(plain, TestContext.Current.CancellationToken);
        await sender.SendAsync(rotated, TestContext.Current.CancellationToken);
        var gotPlain = _receiver.To("/plain").Single();
        var gotRotated = _receiver.To("/rotated").Single();

        var results = await OfficialVerifier.VerifyAsync(
        [
            new(plain.Secret, StandardHeaders(gotPlain), gotPlain.Body),
            new(rotated.Secret, StandardHeaders(gotRotated), gotRotated.Body),
            new(previous, StandardHeaders(gotRotated), gotRotated.Body),
            new(plain.Secret, StandardHeaders(gotPlain), gotPlain.Body.Replace("Hi", "Ho")),
            new(WebhookSecret.Generate(), StandardHeaders(gotPlain), gotPlain.Body),
        ], TestContext.Current.CancellationToken);

        Assert.Equal(["ok", "ok", "ok"], results.Take(3));
        Assert.All(results.Skip(3), r => Assert.StartsWith("fail", r));
        Assert.Equal(5, results.Count);
    }

    private static Dictionary<string, string> StandardHeaders(ReceivedRequest got) => new()
    {
        ["webhook-id"] = got.Header("webhook-id"),
        ["webhook-timestamp"] = got.Header("webhook-timestamp"),
        ["webhook-signature"] = got.Header("webhook-signature"),
    };

    /// <summary>Standard Webhooks, from the spec: key = base64-decoded part after "whsec_", content = "{id}.{ts}.{body}".</summary>
    private static string ExpectedStandard(string secret, ReceivedRequest got)
    {
        using var hmac = new HMACSHA256(Convert.FromBase64String(secret.Split('_', 2)[1]));
        var content = $"{got.Header("webhook-id")}.{got.Header("webhook-timestamp")}.{got.Body}";
        return "v1," + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(content)));
    }

    /// <summary>The chat product's: key = the whole secret string, content = "{ts}.{body}", lowercase hex.</summary>
    private static string ExpectedChatwoot(string secret, ReceivedRequest got)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var hash = hmac.ComputeHash(Encoding.UTF8.GetBytes($"{got.Header("X-Chatwoot-Timestamp")}.{got.Body}"));
        return "sha256=" + string.Concat(hash.Select(b => b.ToString("x2")));
    }
}
