using Dashboard.Bench.Measures;
using Dashboard.Data;

namespace Dashboard.Bench;

/// <summary>(2) Throughput and (6) memory: one app instance, then (PostgreSQL, <c>--instances N</c>) N instances on one database.</summary>
public sealed partial class BenchRunner
{
    private async Task ThroughputAsync(Receiver receiver, double? limit, double? limitCpuMs, List<Measurement> figures, List<Measurement> diag, CancellationToken ct)
    {
        ThroughputResult result;
        double deliveries, appCores, peakRss, receiverCpu = double.NaN, serverCpuMs = double.NaN;
        if (options.ChildProcess)
        {
            var run = await ChildProtocol.RunThroughputAsync(receiver.Ok, options, _target, instances: 1, ct);
            (result, deliveries, appCores, peakRss, receiverCpu, serverCpuMs) =
                (run.First, run.DeliveriesPerSecond, run.AppCpuCores, run.PeakRssMb, run.ReceiverCpuCores, run.ServerCpuMsPerDelivery);
        }
        else
        {
            await using var app = await AppHost.StartAsync(_target, ct: ct);
            result = await ThroughputMeasure.RunInAppAsync(app, receiver.Ok, options.Publishers, options.Warmup, options.Window, options.Drain,
                ThroughputPart.Alone, options.WithoutLogIndexes, ct);
            (deliveries, appCores, peakRss) = (result.DeliveriesPerSecond, result.AppCpuCores, result.PeakRssMb);
        }

        Report(figures, Figures.Throughput, deliveries);
        Report(figures, Figures.Published, result.PublishedPerSecond);
        if (limit is > 0) Report(figures, Figures.ThroughputRatio, deliveries / limit.Value);
        if (deliveries > 0) Report(figures, Figures.AppCpu, appCores * 1000 / deliveries);
        if (double.IsFinite(serverCpuMs)) Report(figures, Figures.ServerCpu, serverCpuMs);
        Report(figures, Figures.Memory, peakRss);
        diag.Add(new("2: app process CPU (cores busy)", appCores));
        if (double.IsFinite(serverCpuMs)) diag.Add(new("2: PostgreSQL server CPU (cores busy)", serverCpuMs * deliveries / 1000));
        if (!double.IsNaN(receiverCpu)) diag.Add(new("2: receiver + bench process CPU (cores busy)", receiverCpu));
        if (!double.IsNaN(receiverCpu) && limitCpuMs is > 0 && deliveries > 0)
        {
            // Both measures share the same cores: whatever share of the machine they get, 2 ÷ 1 cannot pass the ratio of
            // their CPU costs per request and per delivery (the delivery includes a request like 1's, and its receiver; on
            // PostgreSQL also the server's work, which on SQLite is inside the app).
            var serverCores = double.IsFinite(serverCpuMs) ? serverCpuMs * deliveries / 1000 : 0;
            var deliveryCpuMs = (appCores + receiverCpu + serverCores) * 1000 / deliveries;
            diag.Add(new("2: cores busy, app + receiver (+ PostgreSQL server) (compare 1's)", appCores + receiverCpu + serverCores));
            diag.Add(new("2: CPU ms per delivery, app + receiver (+ PostgreSQL server) (compare 1's CPU ms per request)", deliveryCpuMs));
            diag.Add(new("2: ceiling of 2 ÷ 1 set by CPU: 1's CPU ms per request ÷ CPU ms per delivery", limitCpuMs.Value / deliveryCpuMs));
        }
        AddInstanceDiagnostics(diag, "2", result, alone: true);
        if (result.Undelivered > 0)
            Note($"2 Throughput: {result.Undelivered} accepted deliveries still had no recorded attempt {result.DrainSeconds:0} s after the window.");
        if (options.WithoutLogIndexes)
            Note("EXPERIMENT (--without-log-indexes): 2 ran with the log's and the stats' indexes dropped " +
                 $"({string.Join(", ", ThroughputMeasure.LogIndexes)}); the log pages would scan without them. Not the app as shipped.");
        if (!options.ChildProcess)
            Note("6 Memory: measured in-process (--in-process): the peak RSS includes the receiver and the bench itself.");

        if (options.Instances > 1 && _target.Provider == DatabaseProvider.PostgreSql)
            await InstancesAsync(receiver, limit, figures, diag, ct);
    }

    /// <summary>(2) again with N app instances on one database, each in its own process, the publishers split across them.</summary>
    private async Task InstancesAsync(Receiver receiver, double? limit, List<Measurement> figures, List<Measurement> diag, CancellationToken ct)
    {
        var n = options.Instances;
        var run = await ChildProtocol.RunThroughputAsync(receiver.Ok, options, _target, n, ct);
        Report(figures, Figures.ThroughputN, run.DeliveriesPerSecond);
        if (limit is > 0) Report(figures, Figures.ThroughputNRatio, run.DeliveriesPerSecond / limit.Value);
        Report(figures, Figures.AppCpuN, run.AppCpuMsPerDelivery);
        Report(figures, Figures.ServerCpuN, run.ServerCpuMsPerDelivery);
        Report(figures, Figures.MemoryN, run.PeakRssMb);
        diag.Add(new($"2 × {n}: app processes CPU, all instances (cores busy)", run.AppCpuCores));
        diag.Add(new($"2 × {n}: PostgreSQL server CPU (cores busy)", run.ServerCpuMsPerDelivery * run.DeliveriesPerSecond / 1000));
        diag.Add(new($"2 × {n}: receiver + bench process CPU (cores busy)", run.ReceiverCpuCores));
        AddInstanceDiagnostics(diag, $"2 × {n}, first instance", run.First, alone: false);
        if (run.First.Undelivered > 0)
            Note($"2 with {n} instances: {run.First.Undelivered} accepted deliveries still had no recorded attempt {run.First.DrainSeconds:0} s after the window.");
    }

    /// <summary>
    /// What one instance saw of its own work: publish times, its writer, the JIT, the backlog. Its per-delivery figures
    /// and backlog divide by the attempts of all instances, so they mean something only when it is <paramref name="alone"/>.
    /// </summary>
    private void AddInstanceDiagnostics(List<Measurement> diag, string measure, ThroughputResult result, bool alone)
    {
        diag.Add(new($"{measure}: IEventPublisher.PublishAsync p50 (ms, {options.Publishers} concurrent in all)", result.PublishP50Ms));
        diag.Add(new($"{measure}: IEventPublisher.PublishAsync p99 (ms, {options.Publishers} concurrent in all)", result.PublishP99Ms));
        diag.Add(new($"{measure}: database writer thread busy (fraction of the window)", result.WriterBusyFraction));
        if (alone)
        {
            diag.Add(new($"{measure}: database writer thread ms per delivered event (its serial cost: 1 ÷ this = its ceiling)", result.WriterMsPerDelivery));
            diag.Add(new($"{measure}: … of which on a CPU (the rest: waiting for a core, for the database, or for an fsync)", result.WriterCpuMsPerDelivery));
            diag.Add(new($"{measure}: … of which committing (writing the log and its fsync), ms per delivered event", result.WriterCommitMsPerDelivery));
        }
        diag.Add(new($"{measure}: pieces of work per writer transaction (group commit)", result.PiecesPerTransaction));
        diag.Add(new($"{measure}: methods JIT-compiled during the window (0 = steady state)", result.JitCompiledInWindow));
        if (alone) diag.Add(new($"{measure}: backlog at window end (events accepted − attempts recorded)", result.Published - result.Delivered));
        diag.Add(new($"{measure}: seconds to drain the backlog after the window", result.DrainSeconds));
    }
}
