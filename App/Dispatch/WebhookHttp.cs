using System.Net;

namespace Dashboard.Dispatch;

/// <summary>
/// The one HttpClient for receivers, on one shared pooled handler: no redirects, no cookies, no proxy, no hidden retries,
/// and every connection made through the address guard. Timeouts are per request (see <see cref="WebhookSender"/>).
/// </summary>
public sealed class WebhookHttp : IDisposable
{
    public const string UserAgent = "Dashboard-Webhooks/1.0";

    public WebhookHttp(GuardedConnector connector)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false, // a proxy would connect for us, past the guard
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = connector.ConnectAsync,
            ConnectTimeout = Timeout.InfiniteTimeSpan, // the per-request timeout covers it
            PooledConnectionLifetime = TimeSpan.FromMinutes(5), // picks up DNS changes
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            MaxConnectionsPerServer = int.MaxValue, // the dispatcher's caps bound concurrency
        };
        Client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();
}
