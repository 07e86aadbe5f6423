using System.Net;

namespace Dashboard.Bench.Measures;

/// <summary>
/// (7) <c>POST /api/v1/accounts/{id}/events</c> over loopback: 202s per second, from one HttpClient with N concurrent loops.
/// No webhook is subscribed, so this is ingestion alone (token check, JSON, the outbox transaction).
/// </summary>
public static class IngestionMeasure
{
    /// <summary>Accepted events per second, or null when the app has no ingestion endpoint (yet).</summary>
    public static async Task<double?> RunAsync(AppHost app, int concurrency, TimeSpan warmup, TimeSpan window, CancellationToken ct = default)
    {
        var accountId = await app.DemoAccountIdAsync(ct);
        using var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = app.Address };
        client.DefaultRequestHeaders.Add("api_access_token", AppHost.ApiToken);
        var path = $"/api/v1/accounts/{accountId}/events";
        var payload = Payloads.MessageBytes;

        using (var probe = ClosedLoop.Json(payload))
        using (var first = await client.PostAsync(path, probe, ct))
        {
            // Before the ingestion API exists, the POST falls through to the pages (404/405, or 400 from antiforgery).
            if (first.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.BadRequest
                && first.Content.Headers.ContentType?.MediaType != "application/json")
                return null;
            if (first.StatusCode != HttpStatusCode.Accepted)
                throw new InvalidOperationException($"Ingestion answered {(int)first.StatusCode}: {await first.Content.ReadAsStringAsync(ct)}");
        }

        var result = await ClosedLoop.RunAsync(concurrency, warmup, window, async () =>
        {
            using var content = ClosedLoop.Json(payload);
            using var response = await client.PostAsync(path, content, ct);
            if (response.StatusCode != HttpStatusCode.Accepted)
                throw new InvalidOperationException($"Ingestion answered {(int)response.StatusCode}.");
        }, ct);
        return result.PerSecond;
    }
}
