using System.Diagnostics;
using System.Reflection;
using Dashboard.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Bench;

/// <summary>
/// The real app: the App's own <c>Program</c> (migrations, demo seeding, dispatcher, Kestrel on 127.0.0.1:0)
/// started in this process with its own SQLite file. The host is caught through the hosting diagnostics
/// (as the test host does), so the bench can use its services, e.g. the in-process <c>IEventPublisher</c>.
/// </summary>
public sealed class AppHost : IAsyncDisposable
{
    public const string ApiToken = "dsh_bench_admin_token_0123456789abcdef";

    private readonly IHost _host;
    private readonly Task _run;

    private AppHost(IHost host, Task run, string dataDirectory, Uri address)
    {
        _host = host;
        _run = run;
        DataDirectory = dataDirectory;
        Address = address;
    }

    public string DataDirectory { get; }
    public string DatabasePath => Path.Combine(DataDirectory, "dashboard.db");
    public Uri Address { get; }
    public IServiceProvider Services => _host.Services;

    public static async Task<AppHost> StartAsync(IReadOnlyDictionary<string, string?>? extraSettings = null, CancellationToken ct = default)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "dashboard-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var dbPath = Path.Combine(dataDirectory, "dashboard.db");
        var settings = new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["applicationName"] = typeof(Program).Assembly.GetName().Name,
            ["contentRoot"] = ContentRoot(),
            ["urls"] = "http://127.0.0.1:0",
            ["Database:Path"] = dbPath,
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
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>()) settings[key] = value;
        var args = settings.Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}").ToArray();

        var built = new TaskCompletionSource<IHost>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = DiagnosticListener.AllListeners.Subscribe(new HostCatcher(dbPath, built));
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
        return new AppHost(host, run, dataDirectory, new Uri(address.Replace("[::]", "127.0.0.1")));
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
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
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

    /// <summary>Catches the host built with our database path (other hosts may start in the same process, e.g. in tests).</summary>
    private sealed class HostCatcher(string dbPath, TaskCompletionSource<IHost> built) : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == "Microsoft.Extensions.Hosting") listener.Subscribe(this);
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key != "HostBuilt" || value.Value is not IHost host) return;
            if (host.Services.GetRequiredService<IConfiguration>()["Database:Path"] == dbPath) built.TrySetResult(host);
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }
    }
}
