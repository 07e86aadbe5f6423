using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Dashboard.Deliveries;
using Dashboard.Telemetry;
using Microsoft.Extensions.Options;

namespace Dashboard.Dispatch;

/// <summary>
/// One signed POST through <see cref="WebhookHttp"/>, captured for the log. Receiver failures come back as the outcome;
/// only the caller's own cancellation (shutdown) throws. Each try is a span in the event's trace, whatever triggered it.
/// </summary>
public sealed class WebhookSender(WebhookHttp http, TimeProvider time, IOptions<DispatchOptions> options, ILogger<WebhookSender> logger) : IWebhookSender
{
    public const string TraceParentHeader = "traceparent";

    public async Task<SendOutcome> SendAsync(OutgoingRequest request, CancellationToken ct = default)
    {
        using var span = DashboardTracing.StartAttempt(request.TraceParent, request.DeliveryId, request.WebhookId);
        var outcome = await SendUnderSpanAsync(request, ct);
        DashboardTracing.AttemptEnded(span.Activity, outcome.ResponseStatus, DashboardMetrics.Outcome(outcome.ResponseStatus, outcome.Error));
        return outcome;
    }

    private async Task<SendOutcome> SendUnderSpanAsync(OutgoingRequest request, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        var timestamp = started.ToUnixTimeSeconds();
        var id = request.DeliveryId.ToString();
        var headers = new List<(string Name, string Value)>
        {
            ("Content-Type", "application/json"),
            ("Accept", "application/json"), // as the chat platform sends; some receivers pick their answer's format by it
            ("User-Agent", WebhookHttp.UserAgent),
            ("webhook-id", id),
            ("webhook-timestamp", timestamp.ToString()),
            ("webhook-signature", WebhookSigner.StandardSignature(id, timestamp, request.Payload.Span, request.Secret, request.PreviousSecret)),
            ("X-Chatwoot-Delivery", id),
            ("X-Chatwoot-Timestamp", timestamp.ToString()),
            ("X-Chatwoot-Signature", WebhookSigner.ChatwootSignature(timestamp, request.Payload.Span, request.Secret)),
        };
        var requestHeaders = string.Join('\n', headers.Select(h => $"{h.Name}: {h.Value}"));

        // The timeout measures the network in real time, also when tests fake the clock of the schedule.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.Timeout);
        var stopwatch = Stopwatch.StartNew();
        var host = SafeHost(request.Url);
        HttpRequestMessage? message = null;
        try
        {
            message = new HttpRequestMessage(HttpMethod.Post, request.Url)
            {
                // The shared bytes themselves: no per-request copy of a large payload.
                Content = new ReadOnlyMemoryContent(request.Payload) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            foreach (var (name, value) in headers.Skip(1)) message.Headers.TryAddWithoutValidation(name, value);
            // With a span, HttpClient sends its own traceparent (its request span's); without one (tracing off, or a trace not
            // sampled), the event's stored context still goes out, so a receiver that traces joins the trace the event came in with.
            if (System.Diagnostics.Activity.Current is null && request.TraceParent is { } trace)
                message.Headers.TryAddWithoutValidation(TraceParentHeader, trace);
            using var response = await http.Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ResponseCapture.ReadAsync(response.Content, timeout.Token);
            return new SendOutcome(started.UtcDateTime, Elapsed(stopwatch), Recorded(), (int)response.StatusCode,
                FormatHeaders(response), body.Text, body.Binary, body.Truncated, AttemptError.None, null, RetryAfter(response, started));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return Failed(AttemptError.Timeout, $"No complete answer from {host} within {options.Value.Timeout.TotalSeconds:0.#} s.");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException
                                       or InvalidOperationException or UriFormatException or NotSupportedException)
        {
            var (error, text) = SendErrors.Classify(e, host);
            return Failed(error, text);
        }
        finally
        {
            message?.Dispose();
        }

        // The headers as sent: ours, and the traceparent, also when HttpClient's tracing put it there.
        string Recorded() => message?.Headers.TryGetValues(TraceParentHeader, out var sent) == true
            ? $"{requestHeaders}\n{TraceParentHeader}: {sent.First()}"
            : requestHeaders;

        SendOutcome Failed(AttemptError error, string text)
        {
            Log.SendFailed(logger, request.DeliveryId, host, error);
            return new SendOutcome(started.UtcDateTime, Elapsed(stopwatch), Recorded(), null, null, null, false, false, error, text, null);
        }
    }

    private static int Elapsed(Stopwatch stopwatch) => (int)Math.Min(int.MaxValue, stopwatch.ElapsedMilliseconds);

    private static string SafeHost(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : "the receiver";

    private static string FormatHeaders(HttpResponseMessage response) =>
        string.Join('\n', response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(", ", h.Value)}"));

    /// <summary>Retry-After as seconds or an HTTP date; a date in the past means "now".</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date) return date > now ? date - now : TimeSpan.Zero;
        return null;
    }
}
