using System.Diagnostics;
using System.Reflection;
using Dashboard.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Bench;

/// <summary>
/// The real app: the App's own <c>Program</c> (migrations, demo seeding, dispatcher, Kestrel on 127.0.0.1:0)
/// started in this process with a database of its own (a SQLite file, or a database on the bench's PostgreSQL server),
/// or attached to one that other instances share. The host is caught through the hosting diagnostics
/// (as the test host does), so the bench can use its services, e.g. the in-process <c>IEventPublisher</c>.
/// </summary>
public sealed class AppHost : IAsyncDisposable
{
    public const string ApiToken = "dsh_bench_admin_token_0123456789abcdef";

    // A setting the app ignores: tells this host apart from others started in the same process.
    private const string HostIdKey = "Bench:HostId";

    private readonly IHost _host;
    private readonly Task _run;
    private readonly bool _ownsDatabase;

    private AppHost(IHost host, Task run, BenchDatabase database, bool ownsDatabase, Uri address)
    {
        _host = host;
        _run = run;
        Database = database;
        _ownsDatabase = ownsDatabase;
        Address = address;
    }

    public BenchDatabase Database { get; }
    public Uri Address { get; }
    public IServiceProvider Services => _host.Services;

    /// <summary>The app on a fresh database of <paramref name="target"/>'s kind (SQLite when null), dropped when the app stops.</summary>
    public static async Task<AppHost> StartAsync(BenchTarget? target = null, IReadOnlyDictionary<string, string?>? extraSettings = null, CancellationToken ct = default)
    {
        var database = await BenchDatabase.CreateAsync(target ?? BenchTarget.Sqlite, ct);
        try { return await StartAsync(database, ownsDatabase: true, extraSettings, ct); }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>The app on <paramref name="database"/>, which outlives it unless <paramref name="ownsDatabase"/>.</summary>
    public static async Task<AppHost> StartAsync(BenchDatabase database, bool ownsDatabase, IReadOnlyDictionary<string, string?>? extraSettings = null,
        CancellationToken ct = default)
    {
        var hostId = Guid.NewGuid().ToString("N");
        var settings = new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["applicationName"] = typeof(Program).Assembly.GetName().Name,
            ["contentRoot"] = ContentRoot(),
            ["urls"] = "http://127.0.0.1:0",
            // Required outside Development; the bench hands out no links.
            ["App:PublicUrl"] = "http://127.0.0.1/",
            // The bench measures the engine, not the limiter: one account may post as fast as the load can.
            ["RateLimits:IngestionPerSecond"] = "1000000",
            [HostIdKey] = hostId,
            ["Demo:Enabled"] = "true",
            ["Demo:AdminPassword"] = "Bench-Admin-123!",
            ["Demo:AgentPassword"] = "Bench-Agent-123!",
            ["Demo:AdminApiToken"] = ApiToken,
            // The receivers are on loopback: the address guard must let them through.
            ["Webhooks:AllowPrivateNetworks"] = "true",
            // Only how long a stop waits for sends still in flight (the hanging receiver of 4); no effect on what is measured.
            ["Dispatch:ShutdownGrace"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        };
        foreach (var (key, value) in database.Settings) settings[key] = value;
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>()) settings[key] = value;
        var args = settings.Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}").ToArray();

        var built = new TaskCompletionSource<IHost>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = DiagnosticListener.AllListeners.Subscribe(new HostCatcher(hostId, built));
        var run = RunMainAsync(args);
        var first = await Task.WhenAny(built.Task, run).WaitAsync(TimeSpan.FromSeconds(60), ct);
        if (first == run)
        {
            await run; // surfaces the start-up exception
            throw new InvalidOperationException("The app's Program returned before building its host.");
        }
        var host = await built.Task;

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => started.TrySetResult());
        if (await Task.WhenAny(started.Task, run).WaitAsync(TimeSpan.FromSeconds(60), ct) == run)
        {
            await run;
            throw new InvalidOperationException("The app stopped during start-up.");
        }

        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AppHost(host, run, database, ownsDatabase, new Uri(address.Replace("[::]", "127.0.0.1")));
    }

    /// <summary>The App project folder (appsettings, wwwroot) as <c>dotnet run --project App</c> uses it; else the output folder.</summary>
    private static string ContentRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "App", "App.csproj"))) return Path.Combine(dir.FullName, "App");
        return AppContext.BaseDirectory;
    }

    public AppDbContext CreateDbContext() => Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    public async Task<int> DemoAccountIdAsync(CancellationToken ct = default)
    {
        await using var db = CreateDbContext();
        return await db.Accounts.Where(a => a.Name == "Acme Support").Select(a => a.Id).SingleAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        _host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        try { await _run.WaitAsync(TimeSpan.FromSeconds(30)); }
        catch (TimeoutException) { Console.Error.WriteLine("bench: the app did not stop within 30 s"); }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDatabase) await Database.DisposeAsync();
    }

    /// <summary>Runs the App's top-level statements (<c>&lt;Main&gt;$</c>) as the process would.</summary>
    private static Task RunMainAsync(string[] args)
    {
        var main = typeof(Program).GetMethod("<Main>$", BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException("The App's entry point was not found.");
        return Task.Run(async () =>
        {
            try
            {
                if (main.Invoke(null, [args]) is Task task) await task;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        });
    }

    /// <summary>Catches the host built with our id (other hosts may start in the same process, e.g. in tests).</summary>
    private sealed class HostCatcher(string hostId, TaskCompletionSource<IHost> built) : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == "Microsoft.Extensions.Hosting") listener.Subscribe(this);
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key != "HostBuilt" || value.Value is not IHost host) return;
            if (host.Services.GetRequiredService<IConfiguration>()[HostIdKey] == hostId) built.TrySetResult(host);
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }
    }
}
