using Dashboard.Data;
using Microsoft.Data.Sqlite;

namespace Dashboard.Dispatch;

/// <summary>The hand-off's look at the queue, prepared once on the writer's connection.</summary>
internal sealed class HandOffStatements(SqliteConnection connection) : IDisposable
{
    // Due work of this webhook that nobody holds: a seek into the claim index, stepping over the webhook's few rows in flight.
    private readonly SqliteCommand _dueWaiting = Sql.Command(connection, $"""
        SELECT EXISTS (SELECT 1 FROM Deliveries INDEXED BY IX_Deliveries_Claim WHERE WebhookId = $webhook AND {ClaimStatements.Claimable})
        """, "$webhook", "$now");

    /// <summary>True when the webhook has due, unleased deliveries waiting for the claim.</summary>
    public bool HasDueWaiting(SqliteTransaction tx, int webhookId, DateTime now) =>
        Sql.Bind(_dueWaiting, tx, ("$webhook", webhookId), ("$now", Sql.Ticks(now))).ExecuteScalar() is 1L;

    public void Dispose() => _dueWaiting.Dispose();
}
