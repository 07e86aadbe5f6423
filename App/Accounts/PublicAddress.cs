using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Dashboard.Accounts;

/// <summary><c>App:PublicUrl</c>: the address people reach the app at, behind whatever proxy. Every link we hand out starts with it.</summary>
public sealed class PublicUrlOptions
{
    public const string Section = "App";

    public string? PublicUrl { get; set; }
}

/// <summary>
/// Required outside Development and checked at start: a link built from a wrong address would reach nobody, and would
/// only be noticed when someone clicks it.
/// </summary>
public sealed class PublicUrlValidation(IHostEnvironment environment) : IValidateOptions<PublicUrlOptions>
{
    public ValidateOptionsResult Validate(string? name, PublicUrlOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.PublicUrl))
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("App:PublicUrl is required outside Development: the address people open the app at (e.g. https://hooks.example.com), used in every link the app hands out. Set it (environment variable App__PublicUrl).");
        return PublicAddress.Parse(options.PublicUrl) is null
            ? ValidateOptionsResult.Fail($"App:PublicUrl must be an absolute http:// or https:// address without query or fragment, e.g. https://hooks.example.com (it is \"{options.PublicUrl}\").")
            : ValidateOptionsResult.Success;
    }
}

/// <summary>Builds absolute links from <c>App:PublicUrl</c>; in Development without it, from the first address the server listens on.</summary>
public sealed class PublicAddress(IOptions<PublicUrlOptions> options, IServer server, IConfiguration configuration)
{
    public const string DevelopmentFallback = "http://localhost:5080";

    /// <summary>The base address, ending in "/".</summary>
    public Uri Base => Parse(options.Value.PublicUrl) ?? Parse(ListeningAddress()) ?? new Uri(DevelopmentFallback + "/");

    /// <summary>An absolute link to <paramref name="pathAndQuery"/> (which starts with "/"), under the base's path.</summary>
    public string Link(string pathAndQuery) => new Uri(Base, pathAndQuery.TrimStart('/')).ToString();

    /// <summary>An absolute http(s) address without query or fragment, as a base ending in "/", or null.</summary>
    public static Uri? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)) return null;
        if ((uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            return null;
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    // The server's bound addresses once it runs; before (a command-line command), the configured ones (launchSettings' urls).
    private string? ListeningAddress()
    {
        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var address = bound ?? configuration["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        // "http://+:80" and "http://0.0.0.0:5000" are listening patterns, not addresses a browser can open.
        return address?.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost");
    }
}
