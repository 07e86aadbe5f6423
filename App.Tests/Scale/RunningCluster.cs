using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Scale;

/// <summary>
/// Three instances on one migrated database, started together and shared by the tests (each uses webhooks and keys of its
/// own; the kill test restarts the instance it kills). Starting instances is the slow part on two cores, so it is done once. Nothing is
/// started in the SQLite run, whose tests skip.
/// </summary>
public sealed class RunningCluster : IAsyncLifetime
{
    /// <summary>Sends in flight to one webhook, across all instances.</summary>
    public const int PerWebhookCap = 4;

    /// <summary>Sends in flight per instance: a killed instance cannot have had more leases than this.</summary>
    public const int GlobalConcurrency = 64;

    private AppCluster? _cluster;

    public AppCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster runs in the PostgreSQL run only.");

    public async ValueTask InitializeAsync()
    {
        if (!TestProvider.IsPostgreSql) return;
        _cluster = AppCluster.Create(3, settings: new Dictionary<string, string>
        {
            ["Dispatch:PerWebhookConcurrency"] = $"{PerWebhookCap}",
            ["Dispatch:GlobalConcurrency"] = $"{GlobalConcurrency}",
            // A failed send waits past the end of the run: the failing webhooks of the cap test add no retries to later tests.
            ["Dispatch:RetrySchedule:0"] = "00:00:00",
            ["Dispatch:RetrySchedule:1"] = "00:10:00",
        });
        await _cluster.StartAllAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
