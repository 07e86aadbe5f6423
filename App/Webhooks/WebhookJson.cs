using System.Text.Json.Nodes;

namespace Dashboard.Webhooks;

/// <summary>A webhook as the chat product's API shows it (snake_case on the wire). Only administrators reach the API, so the secret is included.</summary>
public sealed record WebhookJson(int Id, string? Name, string Url, int AccountId, IReadOnlyList<string> Subscriptions, string Secret)
{
    public static WebhookJson From(Webhook w) => new(w.Id, w.Name, w.Url, w.AccountId, w.Subscriptions, w.Secret);
}

public sealed record WebhookListPayload(IReadOnlyList<WebhookJson> Webhooks);
public sealed record WebhookPayload(WebhookJson Webhook);

/// <summary>The answers' envelope: <c>{"payload": …}</c>.</summary>
public sealed record PayloadEnvelope<T>(T Payload);

/// <summary>Reads <c>{"webhook": {"url", "name", "subscriptions"}}</c>; absent fields stay null (PATCH keeps them).</summary>
public static class WebhookJsonInput
{
    public sealed record Parsed(WebhookInput? Input, string? Error);

    public static Parsed Read(JsonObject body)
    {
        if (body["webhook"] is not JsonObject webhook)
            return Fail("The body needs a \"webhook\" object, e.g. {\"webhook\": {\"url\": \"https://example.com/hook\", \"subscriptions\": [\"message_created\"]}}.");

        if (!TryString(webhook, "url", out var url)) return Fail("\"url\" must be a string.");
        if (!TryString(webhook, "name", out var name)) return Fail("\"name\" must be a string.");

        List<string>? subscriptions = null;
        if (webhook["subscriptions"] is { } node)
        {
            if (node is not JsonArray array) return Fail("\"subscriptions\" must be an array of event names.");
            subscriptions = [];
            foreach (var item in array)
            {
                if (item is not JsonValue v || !v.TryGetValue<string>(out var s)) return Fail("\"subscriptions\" must be an array of event names.");
                subscriptions.Add(s);
            }
        }
        return new Parsed(new WebhookInput(url, name, subscriptions), null);
    }

    private static bool TryString(JsonObject o, string key, out string? value)
    {
        value = null;
        var node = o[key];
        if (node is null) return true;
        return node is JsonValue v && v.TryGetValue(out value);
    }

    private static Parsed Fail(string message) => new(null, message);
}
