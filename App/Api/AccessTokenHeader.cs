using Microsoft.Extensions.Primitives;

namespace Dashboard.Api;

/// <summary>
/// Where a client puts its token. The platform reads it through Rack, where <c>api_access_token</c> and
/// <c>Api-Access-Token</c> are one header (both become <c>HTTP_API_ACCESS_TOKEN</c>); its n8n node sends the hyphenated
/// spelling, and a default nginx drops header names with underscores, so both are read, everywhere a token is.
/// </summary>
public static class AccessTokenHeader
{
    public const string Name = "api_access_token";
    public const string HyphenatedName = "Api-Access-Token";

    /// <summary>What an answer to a request with no token says beside the platform's bare "Invalid Access Token".</summary>
    public const string ChallengeText = "Token realm=\"api\", error=\"invalid_token\", error_description=\"send your token in the api_access_token (or Api-Access-Token) header\"";

    /// <summary>Tells a client that sent no token where it goes, beside the platform's bare text (which stays as it is).</summary>
    public static void Challenge(HttpResponse response) => response.Headers.WWWAuthenticate = ChallengeText;

    /// <summary>The token sent in either spelling (the underscored one first), or null when there is none.</summary>
    public static string? Read(HttpRequest request)
    {
        foreach (var name in (ReadOnlySpan<string>)[Name, HyphenatedName])
            if (request.Headers.TryGetValue(name, out StringValues value) && !StringValues.IsNullOrEmpty(value))
                return value.ToString();
        return null;
    }
}
