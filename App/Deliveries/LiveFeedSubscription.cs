using Dashboard.Dispatch;
namespace Dashboard.Deliveries;

/// <summary>
/// A page's subscription to <see cref="DeliveryFeed"/>: calls <c>refresh</c> for matching news, at most once per
/// <see cref="Interval"/> (a busy dispatcher records hundreds of attempts a second; the page re-reads once).
/// Dispose to unsubscribe.
/// </summary>
public sealed class LiveFeedSubscription : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly DeliveryFeed _feed;
    private readonly Func<AttemptRecorded, bool> _matches;
    private readonly Func<Task> _refresh;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private bool _scheduled;
    private bool _disposed;
    private long _lastRun;

    public LiveFeedSubscription(DeliveryFeed feed, Func<AttemptRecorded, bool> matches, Func<Task> refresh, TimeProvider time)
    {
        (_feed, _matches, _refresh, _time) = (feed, matches, refresh, time);
        _feed.AttemptsRecorded += OnRecorded;
    }

    private void OnRecorded(IReadOnlyList<AttemptRecorded> recorded)
    {
        if (!recorded.Any(_matches)) return;
        TimeSpan wait;
        lock (_gate)
        {
            if (_scheduled || _disposed) return;
            _scheduled = true;
            var since = _time.GetElapsedTime(_lastRun);
            wait = _lastRun == 0 || since >= Interval ? TimeSpan.Zero : Interval - since;
        }
        _ = RunAsync(wait);
    }

    private async Task RunAsync(TimeSpan wait)
    {
        if (wait > TimeSpan.Zero) await Task.Delay(wait, _time);
        lock (_gate)
        {
            _scheduled = false;
            if (_disposed) return;
            _lastRun = _time.GetTimestamp();
        }
        try { await _refresh(); }
        catch (ObjectDisposedException) { } // the circuit went away between the check and the call
    }

    public void Dispose()
    {
        lock (_gate) _disposed = true;
        _feed.AttemptsRecorded -= OnRecorded;
    }
}
