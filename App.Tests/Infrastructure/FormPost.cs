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

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
