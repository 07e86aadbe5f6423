using System.Data.Common;
using System.Diagnostics;
using Dashboard.Telemetry;

namespace Dashboard.Data;

/// <summary>
/// The one writer of this process: the hot paths (publisher, claims, attempt writer) hand their database work to
/// <see cref="RunAsync{T}"/>, and one dedicated thread runs it on one shared connection, committing whatever has queued
/// together in one transaction (if one piece fails, the others are run again without it, so it fails alone).
/// <list type="bullet">
/// <item>One writer, because SQLite allows one anyway: writers polling for its lock sleep 1–100 ms while it may already be
/// free, and the fastest poller wins (bench/where-the-time-goes.md).</item>
/// <item>One connection, because a connection drops its whole page cache whenever another one has written: writers
/// taking turns re-read every index page from the OS on every transaction.</item>
/// <item>One thread, because a holder of an async lock waits behind every queued HTTP continuation in the thread pool
/// before it can run, and the lock sits idle meanwhile.</item>
/// <item>One commit for all queued work, because a commit rewrites every page it touched: the same index pages that the
/// publisher, the claim and the attempt writer all touch are written once instead of three times.</item>
/// </list>
/// Everything else (EF Core in the pages, retention) writes on its own connections and meets SQLite's busy timeout.
/// On PostgreSQL the same shape serves each of several instances: one writer connection per process, and one commit (one
/// WAL flush) per group instead of per piece; what SQLite needed one writer for, row locks do there across processes.
/// </summary>
public sealed partial class DatabaseWriter(SqlDialect dialect) : IDisposable
{
    /// <summary>A writer on a SQLite file (tests and tools).</summary>
    public DatabaseWriter(string sqliteConnectionString, Durability durability = Durability.Full)
        : this(new SqliteDialect(sqliteConnectionString, durability)) { }

    // The WAL's checkpoint stays SQLite's default (every 1,000 pages, inside the commit that crosses it): with 10,000
    // the bench's throughput did not change, but each checkpoint stalled the writer long enough to triple latency p99.

    /// <summary>Work from this many callers at most goes into one transaction.</summary>
    public const int MaxGroup = 1024;

    /// <summary>Pieces of work other than delivering (mostly publishes) per transaction.</summary>
    public const int MaxIntakePerGroup = 32;

    private readonly object _queueLock = new();
    private readonly Queue<Work> _deliveryWork = new(), _otherWork = new();
    private bool _closed;
    private readonly Lock _startGate = new();
    private Thread? _thread;
    private DbConnection? _connection;
    private readonly Dictionary<Type, IDisposable> _prepared = [];

    public SqlDialect Dialect { get; } = dialect;

    public string ConnectionString => Dialect.ConnectionString;

    /// <summary>The writer thread's sign of life: working on a group (which must end soon) or waiting for work.</summary>
    public LoopHeartbeat Heartbeat { get; } = new();

    /// <summary>The thread ended while the writer was still open (it never should: each piece's failure is its caller's).</summary>
    public bool ThreadDied => _thread is { IsAlive: false } && !Volatile.Read(ref _closed);

    private long _busyTicks, _commitTicks, _transactions, _pieces;

    /// <summary>
    /// How hard the writer thread works: time spent in transactions, of it in their commits (writing the log, and the fsync
    /// with durable commits), how many transactions, and how many pieces they held.
    /// </summary>
    public WriterStats Stats => new(
        TimeSpan.FromTicks(Interlocked.Read(ref _busyTicks)), Interlocked.Read(ref _transactions), Interlocked.Read(ref _pieces),
        TimeSpan.FromTicks(Interlocked.Read(ref _commitTicks)));

    /// <summary>
    /// Runs <paramref name="work"/> on the writer thread inside a transaction; completes once that transaction committed.
    /// <paramref name="delivering"/> work (claims, attempt records) goes first: each transaction takes all of it and at most
    /// <see cref="MaxIntakePerGroup"/> other pieces, so new events cannot crowd out the delivery of those already accepted.
    /// </summary>
    public Task<T> RunAsync<T>(Func<WriteContext, T> work, bool delivering = false)
    {
        var item = new Work<T>(work);
        Enqueue(item, delivering);
        return item.Done.Task;
    }

    private void Enqueue(Work item, bool delivering)
    {
        if (_thread is null)
            lock (_startGate)
                if (_thread is null)
                {
                    _thread = new Thread(Loop) { IsBackground = true, Name = "Database writer" };
                    _thread.Start();
                }
        lock (_queueLock)
        {
            if (!_closed)
            {
                (delivering ? _deliveryWork : _otherWork).Enqueue(item);
                Monitor.Pulse(_queueLock);
                return;
            }
        }
        item.Fail(new ObjectDisposedException(nameof(DatabaseWriter)));
    }

    private void Loop()
    {
        var group = new List<Work>(MaxGroup);
        while (true)
        {
            lock (_queueLock)
            {
                while (_deliveryWork.Count == 0 && _otherWork.Count == 0)
                {
                    if (_closed)
                    {
                        Heartbeat.Stopped();
                        return; // completed and drained
                    }
                    Heartbeat.Idle();
                    Monitor.Wait(_queueLock);
                }
                while (group.Count < MaxGroup && _deliveryWork.TryDequeue(out var work)) group.Add(work);
                for (var intake = 0; group.Count < MaxGroup && intake < MaxIntakePerGroup && _otherWork.TryDequeue(out var work); intake++)
                    group.Add(work);
            }
            Heartbeat.Working();
            var started = Stopwatch.GetTimestamp();
            RunGroup(group);
            Interlocked.Add(ref _busyTicks, Stopwatch.GetElapsedTime(started).Ticks);
            Interlocked.Increment(ref _transactions);
            Interlocked.Add(ref _pieces, group.Count);
            group.Clear();
        }
    }

    /// <summary>
    /// All pieces in one transaction. If any piece fails, the whole transaction is rolled back and each piece runs again
    /// in a transaction of its own, so only the failing one fails. (Optimistic: a savepoint per piece would copy every
    /// page a piece touches into the statement journal, and failures are rare.)
    /// </summary>
    private void RunGroup(List<Work> group)
    {
        Exception? failure = null;
        WriteContext? context = null;
        try
        {
            var connection = Connection();
            using var transaction = connection.BeginTransaction();
            context = new WriteContext(this, connection, transaction, Dialect);
            foreach (var work in group) work.Run(context);
            var committing = Stopwatch.GetTimestamp();
            transaction.Commit();
            Interlocked.Add(ref _commitTicks, Stopwatch.GetElapsedTime(committing).Ticks);
        }
        catch (Exception e)
        {
            failure = e; // the transaction was rolled back when it was disposed (or the connection broke)
            context?.RolledBack();
        }
        if (failure is null)
        {
            foreach (var work in group) work.Complete();
            return;
        }
        // A locked database fails every piece alike: running them one by one would wait for the lock once each.
        if (group.Count > 1 && !Dialect.FailsEveryPiece(failure))
        {
            foreach (var work in group) RunGroup([work]);
            return;
        }
        foreach (var work in group) work.Fail(failure);
        // A broken connection is not reused; after an ordinary error (a constraint) a fresh one costs little.
        Reset();
    }

    private DbConnection Connection() => _connection ??= Dialect.OpenWriterConnection();

    private T Prepared<T>(Func<DbConnection, T> prepare) where T : class, IDisposable
    {
        if (_prepared.TryGetValue(typeof(T), out var existing)) return (T)existing;
        var statements = prepare(Connection());
        _prepared[typeof(T)] = statements;
        return statements;
    }

    private void Reset()
    {
        foreach (var statements in _prepared.Values) statements.Dispose();
        _prepared.Clear();
        _connection?.Dispose();
        _connection = null;
    }

    /// <summary>Runs what was queued, then stops the thread and closes the connection.</summary>
    public void Dispose()
    {
        lock (_queueLock)
        {
            _closed = true;
            Monitor.Pulse(_queueLock);
        }
        _thread?.Join();
        Reset();
    }
}
