using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Dashboard.Tests.Infrastructure;

/// <summary>Raw HTTP calls to the app's <c>/api</c>, with the token header and body exactly as a client would send them.</summary>
public static class ApiCalls
{
    public static HttpRequestMessage Request(HttpMethod method, string path, string? token, string? json = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.TryAddWithoutValidation("api_access_token", token);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        return request;
    }

    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, string? token, string? json = null) =>
        client.SendAsync(Request(method, path, token, json), TestContext.Current.CancellationToken);

    /// <summary>The answer's body as a JSON object; fails when the answer is not JSON (e.g. an HTML error page).</summary>
    public static async Task<JsonObject> ReadJsonAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return Assert.IsType<JsonObject>(JsonNode.Parse(text));
    }

    /// <summary>
    /// Asserts the status and that the body is exactly the chat platform's refusal, <c>{"error": "…"}</c>, containing
    /// <paramref name="messagePart"/>.
    /// </summary>
    public static async Task AssertErrorAsync(this HttpResponseMessage response, int status, string messagePart)
    {
        Assert.Equal(status, (int)response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(["error"], body.Select(p => p.Key));
        Assert.Contains(messagePart, body["error"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Asserts the chat platform's invalid-record answer: 422 <c>{"message": "…", "attributes": [...]}</c>, the message
    /// containing <paramref name="messagePart"/> and the attributes exactly <paramref name="attributes"/>.
    /// </summary>
    public static async Task AssertInvalidAsync(this HttpResponseMessage response, string messagePart, params string[] attributes)
    {
        Assert.Equal(422, (int)response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(["attributes", "message"], body.Select(p => p.Key).Order());
        Assert.Contains(messagePart, body["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(attributes, body["attributes"]!.AsArray().Select(a => a!.GetValue<string>()));
    }
}
