using System.Threading.Channels;
using Dashboard.Deliveries;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Dashboard.Dispatch;

/// <summary>
/// The one writer of dispatch results: items queue in a channel and are committed in batches (whatever has queued
/// while the previous batch committed, up to <see cref="DispatchOptions.WriteBatchSize"/>), one transaction each.
/// Open log pages hear about the new attempts once they are committed.
/// </summary>
public sealed class AttemptWriter(DeliveryClaims claims, DeliveryFeed feed, IOptions<DispatchOptions> options, ILogger<AttemptWriter> logger)
{
    private readonly Channel<WriteItem> _channel = Channel.CreateUnbounded<WriteItem>(new UnboundedChannelOptions { SingleReader = true });
    private Task _loop = Task.CompletedTask;

    public void Start() => _loop = Task.Run(RunAsync);

    public void Write(WriteItem item)
    {
        if (!_channel.Writer.TryWrite(item)) Log.WriteAfterStop(logger, item.Delivery.Id);
    }

    /// <summary>Writes everything queued so far and stops.</summary>
    public async Task CompleteAsync()
    {
        _channel.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        // Sql.OpenAsync sets busy_timeout and synchronous = NORMAL, as on every connection of the app.
        await using var connection = await Sql.OpenAsync(claims.ConnectionString, CancellationToken.None);
        var statements = new WriterStatements(connection);
        var batch = new List<WriteItem>(options.Value.WriteBatchSize);
        var reader = _channel.Reader;

        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < options.Value.WriteBatchSize && reader.TryRead(out var item)) batch.Add(item);
            var recorded = await CommitWithRetriesAsync(connection, statements, batch);
            batch.Clear();
            try { feed.Publish(recorded); }
            catch (Exception e) { Log.FeedFailed(logger, e); }
        }
    }

    private async Task<IReadOnlyList<AttemptRecorded>> CommitWithRetriesAsync(SqliteConnection connection, WriterStatements statements, List<WriteItem> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var writing = await claims.WriteGate.EnterAsync();
                await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
                var recorded = new List<AttemptRecorded>();
                foreach (var item in batch)
                    if (await statements.ApplyAsync(tx, item, options.Value.DisableAfterFailing)) 
                        recorded.Add(new AttemptRecorded(item.Delivery.AccountId, item.Delivery.WebhookId, item.Delivery.Id));
                await tx.CommitAsync();
                return recorded;
            }
            catch (SqliteException e) when (attempt < 5)
            {
                Log.WriteRetry(logger, e, batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
            }
            catch (SqliteException e)
            {
                // Dropped: the leases expire and the deliveries are sent again, so nothing is lost but these attempt rows.
                Log.WriteFailed(logger, e, batch.Count);
                return [];
            }
        }
    }
}
