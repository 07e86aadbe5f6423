using System.Data.Common;

namespace Dashboard.Data;

// What runs on the writer thread: the pieces of work callers queue, and what they see while they run.
public sealed partial class DatabaseWriter
{
    /// <summary>What a piece of work sees on the writer thread: the shared connection, its open transaction, prepared statements.</summary>
    public sealed class WriteContext
    {
        private readonly DatabaseWriter _writer;

        internal WriteContext(DatabaseWriter writer, DbConnection connection, DbTransaction transaction, SqlDialect dialect) =>
            (_writer, Connection, Transaction, Dialect) = (writer, connection, transaction, dialect);

        public DbConnection Connection { get; }
        public DbTransaction Transaction { get; }
        public SqlDialect Dialect { get; }

        /// <summary>Statements of type <typeparamref name="T"/>, prepared once on the shared connection (again after a reset).</summary>
        public T Prepared<T>(Func<DbConnection, T> prepare) where T : class, IDisposable => _writer.Prepared(prepare);

        /// <summary>A value computed once per transaction (for reads whose answer the transaction itself cannot change).</summary>
        public T Memo<T>(object key, Func<T> compute)
        {
            if (_memo.TryGetValue(key, out var value)) return (T)value;
            var computed = compute()!;
            _memo[key] = computed;
            return computed;
        }

        /// <summary>
        /// Undoes a side effect outside the database (a slot taken in memory) if this transaction rolls back. A piece of a
        /// failed group then runs again on its own and registers its side effects anew.
        /// </summary>
        public void OnRollback(Action undo) => (_undo ??= []).Add(undo);

        internal void RolledBack()
        {
            if (_undo is null) return;
            foreach (var undo in _undo) undo();
            _undo = null;
        }

        private readonly Dictionary<object, object> _memo = [];
        private List<Action>? _undo;
    }

    private abstract class Work
    {
        public abstract void Run(WriteContext context);
        public abstract void Fail(Exception e);
        public abstract void Complete();
    }

    private sealed class Work<T>(Func<WriteContext, T> work) : Work
    {
        private T? _result;
        private bool _failed;
        public TaskCompletionSource<T> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Run(WriteContext context) => _result = work(context);

        public override void Fail(Exception e)
        {
            _failed = true;
            Done.TrySetException(e);
        }

        public override void Complete()
        {
            if (!_failed) Done.TrySetResult(_result!);
        }
    }
}

/// <summary>Counters of the writer thread since start (see <see cref="DatabaseWriter.Stats"/>); <paramref name="Committing"/> is part of <paramref name="Busy"/>.</summary>
public readonly record struct WriterStats(TimeSpan Busy, long Transactions, long Pieces, TimeSpan Committing);
