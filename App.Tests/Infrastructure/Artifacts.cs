namespace Dashboard.Tests.Infrastructure;

/// <summary>Where tests leave files for people to look at (screenshots): <c>artifacts/</c> at the repository root.</summary>
public static class Artifacts
{
    public static string Directory(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dashboard.sln"))) dir = dir.Parent;
        var path = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts", name);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }
}
