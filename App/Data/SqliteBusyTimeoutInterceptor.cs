using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Dashboard.Data;

/// <summary>
/// Lets SQLite itself wait for the write lock (in steps of a few ms) instead of Microsoft.Data.Sqlite's managed retry,
/// which sleeps 150 ms per try: with the dispatcher writing all the time, that would put 150 ms on many event writes.
/// Also the <see cref="Durability"/> chosen: <c>synchronous = FULL</c> by default, so a commit has reached the disk
/// before anyone is told it happened (the writer's group commit keeps that to one fsync per group).
/// </summary>
public sealed class SqliteBusyTimeoutInterceptor(Durability durability) : DbConnectionInterceptor
{
    /// <summary>How long SQLite waits for another writer's lock before answering "busy" (the API then says 503).</summary>
    public const int BusyTimeoutMs = 5000;

    public string Pragma { get; } = PragmaFor(durability);

    public static string PragmaFor(Durability durability) =>
        $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA synchronous = {(durability == Durability.Normal ? "NORMAL" : "FULL")};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }
}
