using System.Text.RegularExpressions;

namespace Dashboard.Tests.Infrastructure;

/// <summary>Posts a page's form as a browser would: the antiforgery token from the page, its cookie alongside.</summary>
public static partial class FormPost
{
    /// <summary>A POST to <paramref name="action"/> carrying the token and cookies of <paramref name="formPage"/> (plus any <paramref name="cookies"/>).</summary>
    public static async Task<HttpRequestMessage> WithTokenOfAsync(HttpClient client, string formPage, string action,
        IDictionary<string, string> fields, string? cookies = null)
    {
        var ct = TestContext.Current.CancellationToken;
        using var get = new HttpRequestMessage(HttpMethod.Get, formPage);
        if (cookies is not null) get.Headers.Add("Cookie", cookies);
        var page = await client.SendAsync(get, ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        var token = TokenField().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"No antiforgery token on {formPage}.");
        var request = new HttpRequestMessage(HttpMethod.Post, action)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }),
        };
        var sent = page.Headers.TryGetValues("Set-Cookie", out var set) ? set.Select(c => c.Split(';')[0]) : [];
        request.Headers.Add("Cookie", string.Join("; ", sent.Concat(cookies is null ? [] : [cookies])));
        return request;
    }

    public const string SessionCookie = ".AspNetCore.Identity.Application";

    /// <summary>Signs in through the real form and returns the session cookie (<c>name=value</c>) to send with later requests.</summary>
    public static async Task<string> SignInAsync(HttpClient client, string email, string password)
    {
        var request = await WithTokenOfAsync(client, "/account/login", "/account/login",
            new Dictionary<string, string> { ["email"] = email, ["password"] = password, ["returnUrl"] = "/" });
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal));
    }

    /// <summary>A GET carrying <paramref name="cookie"/>, as the browser holding that session would send it.</summary>
    public static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
