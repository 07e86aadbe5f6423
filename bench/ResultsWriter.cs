using System.Globalization;
using System.Text;

namespace Dashboard.Bench;

/// <summary>Writes RESULTS.md: the figures (median, min–max, target, met), the machine, the date, the diagnostics and notes.</summary>
public static class ResultsWriter
{
    public static string Render(
        IReadOnlyList<IReadOnlyList<Measurement>> runs, IReadOnlyList<IReadOnlyList<Measurement>> diagnostics,
        IReadOnlyList<string> notes, MachineInfo machine, BenchOptions options, DateTimeOffset date, TimeSpan took, string? whereTheTimeGoes)
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmark results").AppendLine();
        md.AppendLine($"Date: {date:yyyy-MM-dd HH:mm} UTC · runs: {runs.Count} · window: {F(options.Seconds)} s (latency and isolation {F(options.Seconds * 2)} s)" +
                      $" · warm-up {F(options.WarmupSeconds)} s · took {took.TotalMinutes:0.0} min{(options.IsQuick ? " · --quick" : "")}").AppendLine();
        if (MachineInfo.Commit() is { } commit) md.AppendLine($"Code: `{commit}`.").AppendLine();
        md.AppendLine($"Machine: {machine.Cores} cores ({machine.Cpu}), {machine.MemoryGb} GB memory, {machine.Os}, {machine.Runtime}, {machine.Gc}.")
            .AppendLine();
        md.AppendLine("The machine is shared (other builds may run at the same time) and varies ±20 % from run to run: the ratios " +
                      "within one run are what counts; each run measures its own limit.").AppendLine();

        md.AppendLine("| figure | median | min–max | unit | target | met |").AppendLine("|---|---:|---:|---|---|---|");
        foreach (var spec in Figures.All)
        {
            var values = runs.SelectMany(r => r).Where(m => m.Key == spec.Key).Select(m => m.Value).ToArray();
            if (values.Length == 0) continue;
            var median = Stats.Median(values);
            var met = spec.Met is null ? "" : double.IsNaN(median) ? "?" : spec.Met(median) ? "yes" : "**no**";
            var label = Figures.LabelFor(spec, options);
            md.AppendLine($"| {label} | {N(median, spec.Decimals)} | {N(values.Min(), spec.Decimals)}–{N(values.Max(), spec.Decimals)} | {spec.Unit} | {spec.Target} | {met} |");
        }
        md.AppendLine();

        md.AppendLine("## Where the time goes").AppendLine();
        md.AppendLine("Measured alongside the figures (medians over the runs):").AppendLine();
        md.AppendLine("| what | median | min–max |").AppendLine("|---|---:|---:|");
        foreach (var key in diagnostics.SelectMany(r => r).Select(m => m.Key).Distinct())
        {
            var values = diagnostics.SelectMany(r => r).Where(m => m.Key == key).Select(m => m.Value).ToArray();
            md.AppendLine($"| {key} | {N(Stats.Median(values), 2)} | {N(values.Min(), 2)}–{N(values.Max(), 2)} |");
        }
        md.AppendLine();
        if (notes.Count > 0)
        {
            foreach (var note in notes.Distinct()) md.AppendLine("- " + note);
            md.AppendLine();
        }
        if (!string.IsNullOrWhiteSpace(whereTheTimeGoes)) md.AppendLine(whereTheTimeGoes.Trim()).AppendLine();

        md.AppendLine("## How it was measured").AppendLine();
        md.AppendLine(Method.Trim());
        return md.ToString();
    }

    private const string Method = """
        `dotnet run -c Release --project bench -- --runs 3` (see README, "Benchmark"). Every run starts a minimal Kestrel
        receiver on 127.0.0.1 and fresh instances of the real app (its own `Program`: migrations, demo seeding, dispatcher,
        Kestrel on 127.0.0.1) with their own SQLite files in a temp folder. Each measurement warms up before its window; 1, 2
        and 7 keep warming until the JIT has stopped compiling (tier-up of the hot code takes ~10 s under load here).
        1. **Limit**: one `HttpClient`, 64 concurrent loops POSTing the same ~1 KB payload to the receiver.
        2. **Throughput**: 64 concurrent loops (`--publishers`; as many as the limit's requests) call the in-process
           `IEventPublisher` as fast as it accepts; 12 webhooks, each event to exactly one of them; deliveries/s = rows added
           to `Attempts` during the window. Afterwards the backlog must drain: every
           accepted event gets its attempt recorded. Runs in a child process (the app alone: receiver and driver stay in the parent).
        3. **Latency**: 1,000 events/s issued on a fixed schedule (not waiting for earlier publishes); latency =
           `Events.CreatedAt` → first `Attempts.StartedAt` of its delivery (both the app's clock). A delivery never
           attempted counts as infinitely late.
        4. **Isolation**: as 3, plus 100 events/s to a second webhook whose receiver never answers (the sender's timeout ends them).
        5. **Log speed**: a separate SQLite file with the app's schema, filled with raw inserts; the delivery-log page query
           (50 rows, account + status filter, newest first, keyset cursor) timed warm, median of 20; first page and a page 90 % deep.
        6. **Memory**: peak RSS (`VmHWM`) of the child process of 2.
        7. **Ingestion**: one `HttpClient`, 64 concurrent loops POSTing to `/api/v1/accounts/{id}/events` with the API token; no webhook subscribed.
        8. **Fan-out memory**: a child process hosts the app with 500 webhooks subscribed to `message_created`; five ~250 KB
           events are published one after another; peak RSS (`VmHWM`) while all 2,500 attempts are made and recorded, and RSS 2 s later.
        """;

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string N(double v, int decimals) =>
        double.IsNaN(v) ? "n/a" : double.IsPositiveInfinity(v) ? "∞" : v.ToString("N" + decimals, CultureInfo.InvariantCulture);
}
