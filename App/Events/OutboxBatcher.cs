using System.Threading.Channels;
using Dashboard.Data;
using Dashboard.Dispatch;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Events;

/// <summary>
/// Group commit for the outbox: publishes that arrive together are written by one loop in one transaction
/// (event + its deliveries per publish, raw prepared statements), and each caller returns only after that commit.
/// One EF Core transaction per event cost ~4 ms of CPU on the bench machine and serialized on SQLite's write lock;
/// batching makes an event a few inserts (bench/RESULTS.md, "where the time goes").
/// </summary>
public sealed class OutboxBatcher(IDbContextFactory<AppDbContext> dbFactory, DispatchSignal signal, SqliteWriteGate writeGate) : IAsyncDisposable
{
    public const int MaxBatch = 256;

    private sealed record Request(int AccountId, string Name, string Payload, Guid EventId, DateTime Now, TaskCompletionSource<int> Done);

    private readonly Channel<Request> _channel = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startGate = new();
    private Task? _loop;
    private string? _connectionString;

    /// <summary>Writes the event and one pending delivery per subscribed active webhook; returns the delivery count once committed.</summary>
    public Task<int> PublishAsync(int accountId, string name, string payload, Guid eventId, DateTime now)
    {
        if (_loop is null)
            lock (_startGate) _loop ??= Task.Run(RunAsync);
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_channel.Writer.TryWrite(new Request(accountId, name, payload, eventId, now, done)))
            done.SetException(new ObjectDisposedException(nameof(OutboxBatcher)));
        return done.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Request>(MaxBatch);
        while (await _channel.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _channel.Reader.TryRead(out var request)) batch.Add(request);
            try
            {
                var counts = await WriteAsync(batch);
                if (counts.Any(c => c > 0)) signal.Notify();
                for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(counts[i]);
            }
            catch (Exception e)
            {
                // Rolled back: nothing of this batch is stored, and every caller hears so; the loop goes on with the next.
                foreach (var r in batch) r.Done.TrySetException(e);
            }
            batch.Clear();
        }
    }

    /// <summary>One transaction for the whole batch; a pooled connection per batch, so a broken one cannot stop the loop.</summary>
    private async Task<int[]> WriteAsync(List<Request> batch)
    {
        if (_connectionString is null)
            await using (var db = await dbFactory.CreateDbContextAsync()) _connectionString = db.Database.GetConnectionString()!;
        await using var connection = await Sql.OpenAsync(_connectionString, CancellationToken.None);
        using var statements = new OutboxStatements(connection);
        var counts = new int[batch.Count];
        using var writing = await writeGate.EnterAsync();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        var subscribers = new Dictionary<(int, string), List<int>>();
        for (var i = 0; i < batch.Count; i++)
        {
            var r = batch[i];
            if (!subscribers.TryGetValue((r.AccountId, r.Name), out var webhooks))
                subscribers[(r.AccountId, r.Name)] = webhooks = await statements.SubscribedAsync(tx, r.AccountId, r.Name);
            await statements.InsertAsync(tx, r.AccountId, r.Name, r.Payload, r.EventId, r.Now, webhooks);
            counts[i] = webhooks.Count;
        }
        await tx.CommitAsync();
        return counts;
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        if (_loop is not null) await _loop;
    }
}
