using System.Collections.Concurrent;
using System.Net;

namespace Dashboard.Tests.Scale;

/// <summary>
/// Posts events 0…n−1 to a cluster as a client fleet would: a fixed number of concurrent clients, event n to instance
/// n mod size, and a request that gets no 202 (its instance was killed, refused, or answered an error) tried again on the
/// next running instance. Each event carries its own Idempotency-Key, so a retry after a lost answer is never a second event.
/// </summary>
public sealed class EventBurst(AppCluster cluster, int accountId, Func<long, string> json)
{
    private const int MaxTries = 20;
    private int _accepted;

    /// <summary>Events answered 202, by number.</summary>
    public ConcurrentDictionary<long, bool> Accepted { get; } = new();

    /// <summary>Requests that got no 202, by what they got instead (an HTTP status, or the exception's type).</summary>
    public ConcurrentDictionary<string, int> Failures { get; } = new();

    /// <summary>Events no instance accepted in <see cref="MaxTries"/> tries.</summary>
    public ConcurrentBag<long> GaveUp { get; } = [];

    public static string IdempotencyKey(long n) => $"burst-{n}";

    /// <summary>Posts <paramref name="count"/> events; <paramref name="onAccepted"/> sees the running count of accepted ones.</summary>
    public async Task RunAsync(int count, int clients, Action<int> onAccepted, CancellationToken ct)
    {
        var next = -1L;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            long n;
            while ((n = Interlocked.Increment(ref next)) < count)
                if (await PostAsync(n, ct)) onAccepted(Interlocked.Increment(ref _accepted));
                else GaveUp.Add(n);
        }, ct)));
    }

    private async Task<bool> PostAsync(long n, CancellationToken ct)
    {
        for (var attempt = 0; attempt < MaxTries; attempt++)
        {
            if (cluster.Client((int)((n + attempt) % cluster.Size)) is not { } client) continue; // down: the next one
            try
            {
                using var response = await client.SendAsync(AppCluster.EventRequest(accountId, json(n), IdempotencyKey(n)), ct);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    Accepted[n] = true;
                    return true;
                }
                Failures.AddOrUpdate(((int)response.StatusCode).ToString(), 1, (_, c) => c + 1);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                Failures.AddOrUpdate(e.GetType().Name, 1, (_, c) => c + 1);
            }
            await Task.Delay(50, ct);
        }
        return false;
    }
}
