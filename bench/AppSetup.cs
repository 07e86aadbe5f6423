using System.Data.Common;
using Dashboard.Data;
using Dashboard.Webhooks;

namespace Dashboard.Bench;

/// <summary>What the measurements need inside a running app: webhooks, counts, process figures.</summary>
public static class AppSetup
{
    public static async Task<int> CreateWebhookAsync(AppHost app, int accountId, Uri url, string eventName, CancellationToken ct = default)
    {
        var service = app.Services.GetRequiredService<WebhookService>();
        var result = await service.CreateAsync(accountId, new WebhookInput(url.ToString(), "bench " + eventName, [eventName]), ct);
        return result.Webhook?.Id ?? throw new InvalidOperationException("Webhook not created: " + string.Join(" ", result.Errors.Values));
    }

    /// <summary>A plain connection to the app's database, for the bench's own counting queries.</summary>
    public static Task<DbConnection> OpenAsync(AppHost app, CancellationToken ct = default) => app.Database.OpenAsync(ct: ct);

    /// <summary>A number from SQL that reads the same on both providers (<c>@</c>-parameters; Guids as they are).</summary>
    public static async Task<long> ScalarAsync(DbConnection connection, string sql, CancellationToken ct = default, params (string Name, object Value)[] parameters)
    {
        await using var command = Sql.Command(connection, sql, parameters.Select(p => p.Name).ToArray());
        foreach (var (name, value) in parameters) Sql.Set(command, name, value);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct) ?? 0L);
    }

    /// <summary>
    /// Waits (bounded by <paramref name="limit"/>) until every delivery has its attempt recorded: everything accepted must
    /// still be delivered. Returns how many were still unrecorded and how long it waited.
    /// </summary>
    public static async Task<(long Undelivered, TimeSpan Waited)> DrainAsync(DbConnection connection, TimeSpan limit, CancellationToken ct)
    {
        var drain = System.Diagnostics.Stopwatch.StartNew();
        long undelivered;
        while ((undelivered = await ScalarAsync(connection, "SELECT (SELECT COUNT(*) FROM Deliveries) - (SELECT COUNT(*) FROM Attempts)", ct)) > 0
               && drain.Elapsed < limit)
            await Task.Delay(200, ct);
        return (undelivered, drain.Elapsed);
    }
}

/// <summary>This process's resident memory and CPU, from /proc and the runtime.</summary>
public static class ProcessFigures
{
    /// <summary>Peak resident set size (VmHWM) in MB; NaN where /proc is missing.</summary>
    public static double PeakRssMb() => StatusField("VmHWM:");

    public static double CurrentRssMb() => StatusField("VmRSS:");

    public static TimeSpan CpuTime() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>CPU seconds process <paramref name="pid"/> has used so far (Linux /proc); NaN once it has ended or elsewhere.</summary>
    public static double CpuSecondsOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
                    + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException) { return double.NaN; }
    }

    /// <summary>CPU time of this process's thread named <paramref name="name"/> (Linux /proc); NaN when there is none.</summary>
    public static double ThreadCpuSeconds(string name)
    {
        const string tasks = "/proc/self/task";
        if (!Directory.Exists(tasks)) return double.NaN;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).Trim() != name) continue;
                // Fields after the ")" that closes the name: utime and stime are the 12th and 13th, in clock ticks (100 per second).
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
                        + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
            }
            catch (IOException) { } // the thread ended meanwhile
        }
        return double.NaN;
    }

    private static double StatusField(string name)
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path)) return double.NaN;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
        if (line is null) return double.NaN;
        var kb = double.Parse(line[name.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        return kb / 1024;
    }
}
