using System.Runtime.InteropServices;

namespace Dashboard.Bench;

/// <summary>The machine the numbers came from.</summary>
public sealed record MachineInfo(int Cores, double MemoryGb, string Os, string Cpu, string Runtime, string Gc)
{
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
            cpu, RuntimeInformation.FrameworkDescription, gc);
    }
}
