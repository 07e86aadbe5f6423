using System.Diagnostics;
using System.Text.Json;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// The official Standard Webhooks library (npm <c>standardwebhooks</c>, pinned in
/// App.Tests/Dispatch/StandardWebhooksVerifier) run by Node, so signatures are judged by code we did not write.
/// </summary>
public static class OfficialVerifier
{
    public sealed record Check(string Secret, IReadOnlyDictionary<string, string> Headers, string Body);

    /// <summary>"ok" or "fail: …" per check, in order.</summary>
    public static async Task<IReadOnlyList<string>> VerifyAsync(IEnumerable<Check> checks, CancellationToken ct)
    {
        var folder = Path.Combine(RepositoryRoot.Path, "App.Tests", "Dispatch", "StandardWebhooksVerifier");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "standardwebhooks")))
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], folder, null, ct);
        var input = string.Join('\n', checks.Select(c => JsonSerializer.Serialize(new { secret = c.Secret, headers = c.Headers, body = c.Body })));
        var output = await RunAsync("node", ["verify.mjs"], folder, input, ct);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static async Task<string> RunAsync(string file, string[] args, string folder, string? input, CancellationToken ct)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args)
        {
            WorkingDirectory = folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {await stderr}");
        return await stdout;
    }
}
