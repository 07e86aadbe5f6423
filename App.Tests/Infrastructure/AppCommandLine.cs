using System.Diagnostics;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// The built app run as an operator runs it on a server, <c>dotnet App.dll &lt;command&gt;</c>, in Production unless told,
/// on the given database settings; returns its exit code and everything it printed.
/// </summary>
public static class AppCommandLine
{
    public static async Task<(int ExitCode, string Output)> RunAsync(IDictionary<string, string?> settings, params string[] args)
    {
        var dll = AppProcess.AppDll();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
            if (value is null) info.Environment.Remove(key.Replace(":", "__"));
            else info.Environment[key.Replace(":", "__")] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
