namespace Dashboard.Data;

/// <summary>When a commit counts as done (<c>Database:Durability</c>): what "accepted" promises.</summary>
public enum Durability
{
    /// <summary>The default: a commit returns after its fsync, so an accepted event survives a power cut or a kernel crash.</summary>
    Full,

    /// <summary>
    /// WAL with <c>synchronous = NORMAL</c>: commits do not wait for an fsync. A killed process still loses nothing, but a
    /// power cut can drop the last commits after their 202 was sent. Faster on slow disks; an explicit choice only.
    /// </summary>
    Normal,
}
