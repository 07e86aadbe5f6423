using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Dashboard.Tests.Infrastructure;
using Dashboard.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Events;

/// <summary>An event posted to the API reaches the receiver byte for byte: real HTTP in, the real dispatcher, a real receiver.</summary>
public sealed class RawBodyDeliveryTests : AppWithReceiverTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Everything a re-serialisation would change: non-ASCII (2-, 3- and 4-byte UTF-8), HTML-sensitive characters, '+',
    // escapes the client chose (\u00e9, \/, \u003C), odd spacing, tabs and newlines, number spellings, "event" not first.
    private const string Body = "{ \"content\" :\"Grüße, <b>Ana</b> & co: 1+1=2 — naïve café ☕ 😀\",\n"
        + "\t\"id\":  48213 , \"event\":\"message_created\",\"escaped\": \"caf\\u00e9 \\/ \\u003Cscript\\u003E\",\r\n"
        + "  \"numbers\" : [1.50, 2e3 ,-0, 10000000000000000000001],\"z\":{},   \"a\":[ ]  }  ";

    [Fact]
    public async Task The_receiver_gets_the_posted_bytes_exactly_and_the_signatures_cover_them()
    {
        var (accountId, _, _, token) = await App.CreateAccountAsync("Bytes Co");
        var saved = await App.Services.GetRequiredService<WebhookService>()
            .CreateAsync(accountId, new WebhookInput(Receiver.Url("/raw"), null, ["message_created"]), Ct);
        var webhook = saved.Webhook ?? throw new InvalidOperationException(saved.Errors.Summary);
        var posted = Encoding.UTF8.GetBytes(Body);
        using var client = App.CreateRealClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/accounts/{accountId}/events") { Content = new ByteArrayContent(posted) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
        request.Headers.TryAddWithoutValidation("api_access_token", token);

        var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Receiver.WaitUntilAsync(r => r.Count >= 1);
        var got = Assert.Single(Receiver.To("/raw"));
        Assert.Equal(posted, got.RawBody);
        Assert.Equal("application/json", got.Header("Accept"));
        await using (var db = App.CreateDbContext())
            Assert.Equal(Body, (await db.Events.SingleAsync(e => e.AccountId == accountId, Ct)).Payload);

        // The chat platform's signature: HMAC-SHA256(secret text, "{timestamp}.{raw body}"), over the bytes as received.
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(webhook.Secret));
        var signed = Encoding.UTF8.GetBytes(got.Header("X-Chatwoot-Timestamp") + ".").Concat(got.RawBody).ToArray();
        Assert.Equal("sha256=" + Convert.ToHexStringLower(hmac.ComputeHash(signed)), got.Header("X-Chatwoot-Signature"));
        // Standard Webhooks, judged by the official library over the same bytes (it reads the body as UTF-8 text).
        var headers = new Dictionary<string, string>
        {
            ["webhook-id"] = got.Header("webhook-id"),
            ["webhook-timestamp"] = got.Header("webhook-timestamp"),
            ["webhook-signature"] = got.Header("webhook-signature"),
        };
        var results = await OfficialVerifier.VerifyAsync(
            [new(webhook.Secret, headers, Body), new(webhook.Secret, headers, Body.Replace("\\u00e9", "é", StringComparison.Ordinal))], Ct);
        Assert.Equal(["ok"], results.Take(1));
        Assert.StartsWith("fail", results[1]); // the same JSON value spelt differently is not what was signed
    }

    [Fact]
    public async Task In_app_payloads_keep_non_ascii_and_html_characters_as_themselves()
    {
        var (accountId, _, _, _) = await App.CreateAccountAsync("Emile Co");
        var payload = Dashboard.Events.EventSamples.For("contact_created", accountId, "Émile & <Co>");
        payload["name"] = "Zoë O'Brien <zoe+vip@example.org>";

        var result = await App.Services.GetRequiredService<Dashboard.Events.IEventPublisher>().PublishAsync(accountId, payload, ct: Ct);

        await using var db = App.CreateDbContext();
        var stored = (await db.Events.SingleAsync(e => e.Id == result.EventId, Ct)).Payload;
        Assert.Contains("\"name\":\"Zoë O'Brien <zoe+vip@example.org>\"", stored, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"Émile & <Co>\"", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", stored, StringComparison.Ordinal);
    }
}
