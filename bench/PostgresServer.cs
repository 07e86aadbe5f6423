using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Dashboard.Bench;

/// <summary>
/// A throwaway PostgreSQL cluster for the bench, started the way scripts/postgres.sh starts the test cluster (initdb and
/// pg_ctl of the newest /usr/lib/postgresql/*/bin, as the postgres user when run as root, a temp folder under /tmp, a free
/// local port), but durable: fsync, synchronous_commit and full_page_writes on, so every commit waits for its WAL flush as
/// SQLite's <c>Database:Durability=Full</c> waits for its fsync. Each measurement makes a database of its own on it.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string Settings =
        "-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=300 -c shared_buffers=256MB";

    private readonly string _bin;
    private readonly string _directory;

    private PostgresServer(string bin, string directory, int port, string version)
    {
        _bin = bin;
        _directory = directory;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres";
        Version = version;
    }

    /// <summary>The server, without a database (Npgsql form).</summary>
    public string ConnectionString { get; }

    public string Version { get; }

    /// <summary>What RESULTS.md says about this server.</summary>
    public string Description =>
        $"PostgreSQL {Version}: a throwaway cluster the bench starts on 127.0.0.1 (data under {Path.GetDirectoryName(_directory)}, the disk the " +
        "SQLite files use), durable as SQLite's `Database:Durability=Full`: `fsync=on`, `synchronous_commit=on`, `full_page_writes=on` " +
        "(every commit waits for its WAL flush); `shared_buffers=256MB`, `max_connections=300`, everything else default. " +
        "Each measurement makes its own database (`CREATE DATABASE`); the app migrates it as it would any empty database.";

    public static async Task<PostgresServer> StartAsync(CancellationToken ct = default)
    {
        var bin = Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } given ? given : NewestBin()
            ?? throw new InvalidOperationException(
                "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql, or source scripts/postgres.sh and run pg_start once.");
        // Under /tmp, not $TMPDIR: the postgres user cannot reach a folder under /root.
        var directory = Path.Combine("/tmp", "dashboard-bench-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        if (IsRoot) await RunAsync("chown", ["postgres:", directory], asOwner: false, ct);

        // UTF8 and C.UTF-8 whatever the machine's locale; superuser "postgres" also when not root.
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", Path.Combine(directory, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], asOwner: true, ct);
        var port = FreePort();
        await RunAsync(Path.Combine(bin, "pg_ctl"), [
            "-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "start",
            "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 {Settings}",
        ], asOwner: true, ct);
        // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)": the first version number.
        var version = System.Text.RegularExpressions.Regex.Match(await RunAsync(Path.Combine(bin, "postgres"), ["--version"], asOwner: false, ct), @"\d+(\.\d+)+").Value;
        return new PostgresServer(bin, directory, port, version);
    }

    /// <summary>
    /// CPU seconds the server has used so far: the postmaster, its live processes (backends, WAL writer, checkpointer…)
    /// and the backends that have ended (counted into the postmaster's children's time). Linux /proc; NaN elsewhere.
    /// </summary>
    public double CpuSeconds()
    {
        var pidFile = Path.Combine(_directory, "data", "postmaster.pid");
        if (!File.Exists(pidFile) || !Directory.Exists("/proc")) return double.NaN;
        var postmaster = File.ReadLines(pidFile).First().Trim();
        var total = 0L;
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(process);
            if (!char.IsAsciiDigit(pid[0])) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(process, "stat"));
                // Fields after the ")" that closes the name: ppid is the 2nd; utime, stime, cutime, cstime the 12th to 15th.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
                if (pid == postmaster) total += Field(11) + Field(12) + Field(13) + Field(14);
                else if (fields[1] == postmaster) total += Field(11) + Field(12);
            }
            catch (IOException) { } // the process ended meanwhile
        }
        return total / 100.0; // clock ticks
    }

    public async ValueTask DisposeAsync()
    {
        try { await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "stop", "-m", "fast"], asOwner: true, default); }
        catch (InvalidOperationException e) { Console.Error.WriteLine("bench: pg_ctl stop failed: " + e.Message); }
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string? NewestBin() => Directory.Exists("/usr/lib/postgresql")
        ? Directory.EnumerateDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")))
            .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var major) ? major : 0)
            .FirstOrDefault()
        : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a tool to its end; the server refuses to run as root, so as root its tools run as the postgres user.</summary>
    private static async Task<string> RunAsync(string tool, IReadOnlyList<string> args, bool asOwner, CancellationToken ct)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        if (asOwner && IsRoot)
        {
            start.FileName = "runuser";
            foreach (var arg in (string[])["-u", "postgres", "--", tool]) start.ArgumentList.Add(arg);
        }
        else start.FileName = tool;
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(tool)} failed (exit {process.ExitCode}): {await errors}{await output}");
        return await output;
    }
}
