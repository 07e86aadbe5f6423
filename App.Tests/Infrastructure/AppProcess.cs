using System.Diagnostics;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// The built app as a separate OS process (<c>dotnet App.dll</c>), so a test can kill it like a crash would:
/// no shutdown code runs, in-flight work and unwritten results are simply gone.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private AppProcess(Process process) => _process = process;

    public string Output { get { lock (_output) return string.Join('\n', _output); } }

    /// <summary>The OS process id (part of the dispatcher's lease owner, so a test can find the leases of a killed process).</summary>
    public int Id => _process.Id;

    /// <summary>Starts the app with these settings (as environment variables) and waits until it serves.</summary>
    public static async Task<AppProcess> StartAsync(IDictionary<string, string> settings, TimeSpan? timeout = null)
    {
        var dll = AppDll();
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in settings) info.Environment[key.Replace(":", "__")] = value;

        var app = new AppProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        app._process.OutputDataReceived += (_, e) => app.OnLine(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.OnLine(e.Data);
        app._process.Exited += (_, _) => app._ready.TrySetException(new InvalidOperationException("The app exited during start-up:\n" + app.Output));
        app._process.Start();
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        try
        {
            await app._ready.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
        }
        catch (Exception e)
        {
            // A process that did not come up is not left running: the caller never gets it to dispose.
            await app.DisposeAsync();
            if (e is TimeoutException) throw new TimeoutException("The app did not start in time:\n" + app.Output, e);
            throw;
        }
        return app;
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.Add(line);
        // Printed once the host runs (after migrations and seeding), so hosted services have started.
        if (line.Contains("Application started", StringComparison.Ordinal) || line.Contains("Now listening on", StringComparison.Ordinal)
            || line.Contains("Dashboard is running", StringComparison.Ordinal))
            _ready.TrySetResult();
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>The app's own build output, next to this test project's (same configuration).</summary>
    public static string AppDll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory); // App.Tests/bin/<Configuration>/<tfm>/
        var tfm = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var dll = Path.Combine(RepositoryRoot.Path, "App", "bin", configuration, tfm, "App.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the App project first.", dll);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }
}
