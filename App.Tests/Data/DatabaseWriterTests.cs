using Dashboard.Data;
using Microsoft.Data.Sqlite;

namespace Dashboard.Tests.Data;

/// <summary>The process's one SQLite writer: group commit where a failing piece fails alone, delivery work first, a clean stop.</summary>
public sealed class DatabaseWriterTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dashboard-tests", Guid.NewGuid().ToString("N"));
    private readonly string _connectionString;
    private readonly DatabaseWriter _writer;

    public DatabaseWriterTests()
    {
        Directory.CreateDirectory(_directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "gate.db"), Pooling = false }.ToString();
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE Items (Value INTEGER NOT NULL UNIQUE);";
        create.ExecuteNonQuery();
        _writer = new DatabaseWriter(_connectionString);
    }

    [Fact]
    public async Task Work_queued_together_commits_together_and_a_failing_piece_rolls_back_only_itself()
    {
        // Held back by a busy writer, the three pieces queue up and then run in one transaction.
        var held = HoldWriter();
        var first = _writer.RunAsync(context => Insert(context, 1));
        var duplicate = _writer.RunAsync(context => { Insert(context, 2); return Insert(context, 1); });
        var third = _writer.RunAsync(context => Insert(context, 3));
        held.Dispose();

        Assert.Equal(1, await first);
        var error = await Assert.ThrowsAsync<SqliteException>(() => duplicate);
        Assert.Contains("UNIQUE", error.Message);
        Assert.Equal(3, await third);
        // The failing piece's own first insert (2) was rolled back with it.
        Assert.Equal(new long[] { 1, 3 }, StoredValues());
    }

    [Fact]
    public async Task Side_effects_registered_for_rollback_are_undone_once_per_rolled_back_run()
    {
        var undone = new List<string>();
        var held = HoldWriter();
        var good = _writer.RunAsync(context => { context.OnRollback(() => undone.Add("good")); return Insert(context, 1); });
        var bad = _writer.RunAsync(context => { context.OnRollback(() => undone.Add("bad")); Insert(context, 2); return Insert(context, 1); });
        held.Dispose();

        Assert.Equal(1, await good);
        await Assert.ThrowsAsync<SqliteException>(() => bad);
        // The group rolled back (both undone), then each ran alone: the good one committed, the bad one rolled back again.
        Assert.Equal(["good", "bad", "bad"], undone);
    }

    [Fact]
    public async Task A_result_arrives_only_once_its_transaction_is_committed()
    {
        await _writer.RunAsync(context => Insert(context, 7));

        // Read on another connection: committed, not merely written inside an open transaction.
        Assert.Equal(new long[] { 7 }, StoredValues());
    }

    [Fact]
    public async Task Its_counters_tell_the_commits_apart_from_the_work_before_them()
    {
        // A piece that works 200 ms before its commit: the busy time holds both, the commit time only the commit.
        await _writer.RunAsync(context => { Thread.Sleep(200); return Insert(context, 8); });

        // The writer thread adds to its counters after it has handed the piece its result (they feed gauges a scrape
        // reads, nothing waits on them): read them once the group is counted, not at the moment the piece returns.
        var counted = System.Diagnostics.Stopwatch.StartNew();
        while (_writer.Stats.Transactions == 0 && counted.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(5, TestContext.Current.CancellationToken);
        var stats = _writer.Stats;
        Assert.Equal((1, 1), (stats.Transactions, stats.Pieces));
        Assert.True(stats.Committing > TimeSpan.Zero);
        Assert.True(stats.Busy >= stats.Committing + TimeSpan.FromMilliseconds(190), $"busy {stats.Busy}, committing {stats.Committing}");
    }

    [Fact]
    public async Task Work_waits_while_the_writer_is_busy_and_runs_once_it_is_free()
    {
        var held = HoldWriter();
        var waiting = _writer.RunAsync(context => Insert(context, 5));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        Assert.Empty(StoredValues());

        held.Dispose();
        Assert.Equal(5, await waiting);
    }

    [Fact]
    public async Task Delivery_work_runs_before_queued_intake()
    {
        var order = new List<string>();
        var held = HoldWriter();
        var intake = Enumerable.Range(0, DatabaseWriter.MaxIntakePerGroup + 8)
            .Select(i => _writer.RunAsync(context => { order.Add($"intake {i}"); return Insert(context, 100 + i); })).ToList();
        var delivering = _writer.RunAsync(context => { order.Add("delivering"); return Insert(context, 1); }, delivering: true);
        held.Dispose();
        await Task.WhenAll([.. intake, delivering]);

        Assert.Equal("delivering", order[0]);
        Assert.Equal(DatabaseWriter.MaxIntakePerGroup + 9, StoredValues().Count);
    }

    [Fact]
    public async Task Disposing_runs_what_was_queued_and_then_refuses_new_work()
    {
        var held = HoldWriter();
        var queued = _writer.RunAsync(context => Insert(context, 9));
        var disposing = Task.Run(_writer.Dispose, TestContext.Current.CancellationToken);
        held.Dispose();
        await disposing;

        Assert.Equal(9, await queued);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _writer.RunAsync(context => Insert(context, 10)));
    }

    private IDisposable HoldWriter()
    {
        var release = new ManualResetEventSlim();
        var started = new ManualResetEventSlim();
        _ = _writer.RunAsync(_ => { started.Set(); release.Wait(); return 0; }, delivering: true);
        started.Wait(TimeSpan.FromSeconds(10));
        return new Releaser(release);
    }

    private sealed class Releaser(ManualResetEventSlim release) : IDisposable
    {
        public void Dispose() => release.Set();
    }

    private static int Insert(DatabaseWriter.WriteContext context, int value)
    {
        using var command = context.Connection.CreateCommand();
        command.Transaction = context.Transaction;
        command.CommandText = "INSERT INTO Items (Value) VALUES ($value)";
        ((SqliteCommand)command).Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
        return value;
    }

    private List<long> StoredValues()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Value FROM Items ORDER BY Value";
        using var reader = command.ExecuteReader();
        var values = new List<long>();
        while (reader.Read()) values.Add(reader.GetInt64(0));
        return values;
    }

    public void Dispose()
    {
        _writer.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
