using System.Diagnostics;
using Dashboard.Telemetry;

namespace Dashboard.Data;

/// <summary>
/// How hard the one writer works, read from its counters when metrics are collected (nothing is recorded on its thread):
/// totals since start, and the busy fraction and mean group size over the time since the last look (at least a second).
/// A busy fraction near 1 means the writer is the ceiling of throughput (bench/RESULTS.md).
/// </summary>
internal sealed class WriterGauges
{
    private static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(1);
    private readonly DatabaseWriter _writer;
    private readonly Lock _gate = new();
    private WriterStats _last;
    private long _lastAt = Stopwatch.GetTimestamp();
    private (double Busy, double Group) _window;

    public WriterGauges(DashboardMetrics metrics, DatabaseWriter writer)
    {
        _writer = writer;
        var meter = metrics.Meter;
        meter.CreateObservableCounter("dashboard.writer.busy_time", () => writer.Stats.Busy.TotalSeconds, "s",
            "Time the writer thread spent in transactions; its rate is the busy fraction.");
        meter.CreateObservableCounter("dashboard.writer.commit_time", () => writer.Stats.Committing.TotalSeconds, "s",
            "Part of the busy time spent committing: writing the log and waiting for the disk's fsync.");
        meter.CreateObservableCounter("dashboard.writer.transactions", () => writer.Stats.Transactions, "{transaction}",
            "Transactions (commit groups) the writer ran.");
        meter.CreateObservableCounter("dashboard.writer.pieces", () => writer.Stats.Pieces, "{piece}",
            "Pieces of work (publishes, claims, attempt batches) the writer ran.");
        meter.CreateObservableGauge("dashboard.writer.busy_fraction", () => Window().Busy, "1",
            "Share of the time since the last collection the writer thread spent in transactions (0 to 1).");
        meter.CreateObservableGauge("dashboard.writer.group_size", () => Window().Group, "{piece}",
            "Mean pieces per transaction since the last collection.");
    }

    private (double Busy, double Group) Window()
    {
        lock (_gate)
        {
            var elapsed = Stopwatch.GetElapsedTime(_lastAt);
            if (elapsed < MinWindow) return _window;
            var now = _writer.Stats;
            var transactions = now.Transactions - _last.Transactions;
            _window = (Math.Min(1, (now.Busy - _last.Busy) / elapsed),
                transactions == 0 ? 0 : (double)(now.Pieces - _last.Pieces) / transactions);
            (_last, _lastAt) = (now, Stopwatch.GetTimestamp());
            return _window;
        }
    }
}
