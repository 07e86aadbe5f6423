using System.Globalization;
using System.Text;

namespace Dashboard.Bench;

/// <summary>Writes RESULTS.md: the figures (median, min–max, target, met), the machine, the date, the diagnostics and notes.</summary>
public static class ResultsWriter
{
    public static string Render(
        IReadOnlyList<IReadOnlyList<Measurement>> runs, IReadOnlyList<IReadOnlyList<Measurement>> diagnostics,
        IReadOnlyList<string> notes, MachineInfo machine, BenchOptions options, DateTimeOffset date, TimeSpan took, string? whereTheTimeGoes,
        IReadOnlyList<string>? databases = null)
    {
        // A column pair (median, min–max) per provider, in the order they ran.
        var providers = runs.Concat(diagnostics).SelectMany(r => r).Select(m => m.Provider).Distinct().ToList();
        if (providers.Count == 0) providers.Add("SQLite");
        var sideBySide = providers.Count > 1;
        string Head(string provider, string column) => sideBySide ? $"{provider} {column}" : column;

        var md = new StringBuilder();
        md.AppendLine("# Benchmark results").AppendLine();
        md.AppendLine($"Date: {date:yyyy-MM-dd HH:mm} UTC · runs: {runs.Count} · window: {F(options.Seconds)} s (latency and isolation {F(options.Seconds * 2)} s)" +
                      $" · warm-up {F(options.WarmupSeconds)} s · took {took.TotalMinutes:0.0} min{(options.IsQuick ? " · --quick" : "")}").AppendLine();
        if (MachineInfo.Commit() is { } commit) md.AppendLine($"Code: `{commit}`.").AppendLine();
        md.AppendLine($"Machine: {machine.Cores} cores ({machine.Cpu}), {machine.MemoryGb} GB memory, {machine.Os}, {machine.Runtime}, {machine.Gc}.")
            .AppendLine();
        md.AppendLine($"Database: {string.Join(" and ", providers)}" + (sideBySide ? ", side by side: each run measures every figure on one, then on the other." : "."))
            .AppendLine();
        foreach (var database in databases ?? []) md.AppendLine(database).AppendLine();
        md.AppendLine("The machine is shared (other builds may run at the same time) and varies ±20 % from run to run: the ratios " +
                      "within one run are what counts; each run measures its own limit." +
                      (machine.Load is { } load ? $" Load average when the run ended (1 / 5 / 15 min): {load} on {machine.Cores} cores." : "")).AppendLine();

        md.Append("| figure |");
        foreach (var provider in providers) md.Append($" {Head(provider, "median")} | {(sideBySide ? provider + " " : "")}min–max |");
        md.AppendLine(" unit | target | met |");
        md.AppendLine("|---|" + string.Concat(providers.Select(_ => "---:|---:|")) + "---|---|---|");
        foreach (var spec in Figures.All)
        {
            var cells = new StringBuilder();
            var met = new List<string>();
            var any = false;
            foreach (var provider in providers)
            {
                var values = Values(runs, spec.Key, provider);
                if (values.Length == 0)
                {
                    cells.Append(" | |");
                    if (spec.Met is not null) met.Add("–");
                    continue;
                }
                any = true;
                var median = Stats.Median(values);
                cells.Append($" {N(median, spec.Decimals)} | {N(values.Min(), spec.Decimals)}–{N(values.Max(), spec.Decimals)} |");
                if (spec.Met is not null) met.Add(double.IsNaN(median) ? "?" : spec.Met(median) ? "yes" : "**no**");
            }
            if (!any) continue;
            md.AppendLine($"| {Figures.LabelFor(spec, options)} |{cells} {spec.Unit} | {spec.Target} | {string.Join(" · ", met)} |");
        }
        md.AppendLine();

        md.AppendLine("## Where the time goes").AppendLine();
        md.AppendLine("Measured alongside the figures (medians over the runs):").AppendLine();
        md.Append("| what |");
        foreach (var provider in providers) md.Append($" {Head(provider, "median")} | {(sideBySide ? provider + " " : "")}min–max |");
        md.AppendLine();
        md.AppendLine("|---|" + string.Concat(providers.Select(_ => "---:|---:|")));
        foreach (var key in diagnostics.SelectMany(r => r).Select(m => m.Key).Distinct())
        {
            md.Append($"| {key} |");
            foreach (var provider in providers)
            {
                var values = Values(diagnostics, key, provider);
                md.Append(values.Length == 0 ? " | |" : $" {N(Stats.Median(values), 2)} | {N(values.Min(), 2)}–{N(values.Max(), 2)} |");
            }
            md.AppendLine();
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

    private static double[] Values(IReadOnlyList<IReadOnlyList<Measurement>> runs, string key, string provider) =>
        runs.SelectMany(r => r).Where(m => m.Key == key && m.Provider == provider).Select(m => m.Value).ToArray();

    private const string Method = """
        `dotnet run -c Release --project bench -- --runs 3` (see README, "Benchmark"). Every run starts a minimal Kestrel
        receiver on 127.0.0.1 and fresh instances of the real app (its own `Program`: migrations, demo seeding, dispatcher,
        Kestrel on 127.0.0.1) with their own SQLite files in a temp folder, or with `--provider PostgreSQL` (or `both`) their
        own database on a PostgreSQL server the bench starts for the invocation (durable; see above). Each measurement warms
        up before its window; 1, 2 and 7 keep warming until the JIT has stopped compiling (tier-up of the hot code takes ~10 s
        under load here).
        1. **Limit**: one `HttpClient`, 64 concurrent loops POSTing the same ~1 KB payload to the receiver.
        2. **Throughput**: 64 concurrent loops (`--publishers`; as many as the limit's requests) call the in-process
           `IEventPublisher` as fast as it accepts; 12 webhooks, each event to exactly one of them; deliveries/s = rows added
           to `Attempts` during the window. Afterwards the backlog must drain: every
           accepted event gets its attempt recorded. Runs in a child process (the app alone: receiver and driver stay in the parent),
           which reads every process's CPU over the window from /proc: CPU per delivery = CPU of the app process (and of the
           PostgreSQL server's processes, on PostgreSQL) ÷ attempts recorded. With `--instances N` (PostgreSQL) it runs
           again with N app processes on one database: the first sets it up, the 64 publishers are split across them, all
           start publishing and their window together; deliveries/s counts every instance's attempts.
        3. **Latency**: 1,000 events/s issued on a fixed schedule (not waiting for earlier publishes); latency =
           `Events.CreatedAt` → first `Attempts.StartedAt` of its delivery (both the app's clock). A delivery never
           attempted counts as infinitely late.
        4. **Isolation**: as 3, plus 100 events/s to a second webhook whose receiver never answers (the sender's timeout ends them).
        5. **Log speed**: a separate database with the app's schema (its migrations), filled with raw inserts on SQLite and
           binary COPY on PostgreSQL (same rows), then `ANALYZE` (SQLite) or `VACUUM ANALYZE` (PostgreSQL: what autovacuum
           would have done on a running server); the delivery-log page query
           (50 rows, account + status filter, newest first, keyset cursor) timed warm, median of 20; first page and a page 90 % deep.
        6. **Memory**: peak RSS (`VmHWM`) of the child process of 2. On PostgreSQL the server's own memory (its 256 MB of
           shared buffers, its backends) is not in it, as it would run on a machine of its own.
        7. **Ingestion**: one `HttpClient`, 64 concurrent loops POSTing to `/api/v1/accounts/{id}/events` with the API token; no webhook subscribed.
        7 ÷ 2 compares 7 with the events/s 2's publisher accepted in the same run.
        8. **HTTP in → delivered**: as 7, but each event goes to exactly one of 12 webhooks (as in 2) and is sent to the
           receiver and recorded; deliveries/s = rows added to `Attempts` during the window, as 2 counts them, and compared
           with 2's. The app and the 64 posting loops share the bench process; the backlog must drain afterwards.
        9. **Fan-out memory**: a child process hosts the app with 500 webhooks subscribed to `message_created`; five ~250 KB
           events are published one after another; peak RSS (`VmHWM`) while all 2,500 attempts are made and recorded, and RSS 2 s later.
        """;

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string N(double v, int decimals) =>
        double.IsNaN(v) ? "n/a" : double.IsPositiveInfinity(v) ? "∞" : v.ToString("N" + decimals, CultureInfo.InvariantCulture);
}
