using Dashboard.Data;

namespace Dashboard.Dispatch;

/// <summary>
/// What this process tells the other instances, and what it does with their news: work published elsewhere wakes this
/// dispatcher (so B sends at once what A had no slot for), attempts recorded elsewhere reach this process's open pages
/// through <see cref="DeliveryFeed"/>, and after the bus was down the dispatcher sweeps (news sent meanwhile is gone).
/// </summary>
public sealed class ClusterNews(IClusterBus bus, DispatchSignal signal, DeliveryFeed feed) : IHostedService
{
    public void WorkWaiting() => bus.Publish(ClusterChannel.Work, "");

    public void Recorded(IReadOnlyList<AttemptRecorded> recorded)
    {
        foreach (var r in recorded) bus.Publish(ClusterChannel.Attempts, $"{r.AccountId}:{r.WebhookId}:{r.DeliveryId:N}");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        bus.Received += OnReceived;
        bus.Reconnected += signal.Notify;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        bus.Received -= OnReceived;
        bus.Reconnected -= signal.Notify;
        return Task.CompletedTask;
    }

    private void OnReceived(ClusterChannel channel, string message)
    {
        if (channel == ClusterChannel.Work)
        {
            signal.Notify();
            return;
        }
        if (channel != ClusterChannel.Attempts) return; // others are not the dispatcher's news
        var recorded = new List<AttemptRecorded>();
        foreach (var entry in message.Split(ClusterBus.Separator, StringSplitOptions.RemoveEmptyEntries))
            if (entry.Split(':') is [var account, var webhook, var delivery]
                && int.TryParse(account, out var accountId) && int.TryParse(webhook, out var webhookId) && Guid.TryParse(delivery, out var deliveryId))
                recorded.Add(new AttemptRecorded(accountId, webhookId, deliveryId));
        feed.Publish(recorded);
    }
}
