using System.Runtime.InteropServices;

namespace Dashboard.Bench;

/// <summary>The machine the numbers came from; <paramref name="Load"/>: its load averages when the run ended (Linux), if known.</summary>
public sealed record MachineInfo(int Cores, double MemoryGb, string Os, string Cpu, string Runtime, string Gc, string? Load = null)
{
    /// <summary>"1.02 / 0.87 / 0.55" (1, 5, 15 minutes) from /proc/loadavg; null elsewhere.</summary>
    public static string? LoadAverages() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;

    /// <summary>The commit measured ("abc1234", "+ local changes" when the tree is dirty), or null outside a git checkout.</summary>
    public static string? Commit()
    {
        string? Git(string args)
        {
            try
            {
                using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", args)
                    { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
                if (git is null) return null;
                var output = git.StandardOutput.ReadToEnd().Trim();
                git.WaitForExit();
                return git.ExitCode == 0 ? output : null;
            }
            catch (System.ComponentModel.Win32Exception) { return null; }
        }
        var head = Git("rev-parse --short HEAD");
        if (head is null) return null;
        var dirty = Git("status --porcelain --untracked-files=no -- App bench") is { Length: > 0 };
        return dirty ? head + " + local changes" : head;
    }

    public static MachineInfo Current()
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024d / 1024 / 1024;
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? RuntimeInformation.OSDescription
            : RuntimeInformation.OSDescription;
        var gc = System.Runtime.GCSettings.IsServerGC ? "server GC" : "workstation GC";
        return new(Environment.ProcessorCount, Math.Round(memory, 1), $"{os} ({RuntimeInformation.OSDescription}, {RuntimeInformation.OSArchitecture})",
            cpu, RuntimeInformation.FrameworkDescription, gc, LoadAverages());
    }
}
