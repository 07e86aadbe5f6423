using Dashboard.Platform;

namespace Dashboard.Operators;

/// <summary><c>platform-app create NAME</c>: for automation that sets an installation up without the console.</summary>
public static class PlatformAppCommand
{
    public static async Task<int> CreateAsync(IServiceProvider services, string name, TextWriter output)
    {
        name = name.Trim();
        if (name.Length is 0 or > PlatformApps.MaxNameLength)
        {
            output.WriteLine($"A platform app's name is 1 to {PlatformApps.MaxNameLength} characters. Usage: platform-app create NAME");
            return OperatorCommands.Usage;
        }
        var (app, token) = await services.GetRequiredService<PlatformApps>().CreateAsync(name);
        output.WriteLine($"Platform app \"{app.Name}\" created (id {app.Id}). Its access token, shown this once:");
        output.WriteLine($"  {token}");
        output.WriteLine("Send it in the api_access_token header of /platform/api/v1 calls. An operator can regenerate or revoke it in the console.");
        return OperatorCommands.Ok;
    }
}
