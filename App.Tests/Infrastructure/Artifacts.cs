namespace Dashboard.Tests.Infrastructure;

/// <summary>Where tests leave files for people to look at (screenshots): <c>artifacts/</c> at the repository root.</summary>
public static class Artifacts
{
    public static string Directory(string name)
    {
        var path = Path.Combine(RepositoryRoot.Path, "artifacts", name);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }
}
