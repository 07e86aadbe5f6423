namespace Dashboard.Data;

/// <summary>
/// News between the instances that share one database: "there is work", "these attempts were recorded". Only hints,
/// as the rows are the truth: a lost message costs latency (the dispatcher's sweep and the pages' next read find
/// everything), never data. On SQLite there is one process, so nothing travels (<see cref="SingleProcessBus"/>).
/// </summary>
public interface IClusterBus
{
    /// <summary>Tells the other instances; messages of one channel sent close together may arrive as one (see each channel).</summary>
    void Publish(ClusterChannel channel, string message);

    /// <summary>A message another instance published (never this instance's own).</summary>
    event Action<ClusterChannel, string>? Received;

    /// <summary>The bus was down and is back: messages sent meanwhile are gone, so listeners look at the rows again.</summary>
    event Action? Reconnected;
}

public enum ClusterChannel
{
    /// <summary>New work waits for a claim. Coalesced: several publishes may arrive as one (empty) message.</summary>
    Work,

    /// <summary>Attempts were recorded; the message lists them. Several publishes may arrive joined by <see cref="ClusterBus.Separator"/>.</summary>
    Attempts,

    /// <summary>A Recover run moved on; the message is its progress. Several may arrive joined by <see cref="ClusterBus.Separator"/>.</summary>
    Recovery,
}

public static class ClusterBus
{
    public const char Separator = ';';
}

/// <summary>One process on one SQLite file: no other instance to tell.</summary>
public sealed class SingleProcessBus : IClusterBus
{
    public void Publish(ClusterChannel channel, string message) { }

    public event Action<ClusterChannel, string>? Received { add { } remove { } }

    public event Action? Reconnected { add { } remove { } }
}
