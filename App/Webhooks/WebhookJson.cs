using System.ComponentModel;
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

/// <summary>What POST and PATCH/PUT take, for the API's documentation (<see cref="WebhookJsonInput"/> reads it, and the same keys flat).</summary>
public sealed record WebhookRequest(WebhookFields Webhook)
{
    public static readonly WebhookRequest Example = new(new WebhookFields("https://example.com/api/webhook", "CRM", ["message_created", "conversation_created"]));
    public static readonly WebhookRequest UpdateExample = new(new WebhookFields(Subscriptions: ["message_created"]));
}

public sealed record WebhookFields(
    [property: Description("Where deliveries go: http(s), a public address")] string? Url = null,
    [property: Description("A name for people (optional)")] string? Name = null,
    [property: Description("Event names from GET /api/v1/events/catalog, e.g. message_created")] IReadOnlyList<string>? Subscriptions = null);

/// <summary>
/// Reads <c>{"webhook": {"url", "name", "subscriptions"}}</c> or the same keys flat; absent fields stay null (an update
/// keeps them). Mirrors the platform's controller: no <c>webhook</c> object is a missing parameter, a field of the wrong
/// type makes the record invalid for that field, and <c>inbox_id</c> is refused, never dropped (README: no inboxes here).
/// </summary>
public static class WebhookJsonInput
{
    public const string InboxId = "inbox_id";
    public const string MissingWebhookMessage =
        "param is missing or the value is empty: webhook (send {\"webhook\": {\"url\": \"https://example.com/hook\", \"subscriptions\": [\"message_created\"]}})";
    public const string InboxIdMessage =
        "Inbox webhooks are not supported: this dashboard has no inboxes, so inbox_id cannot be honoured. Leave it out (or null) to receive the account's events.";

    /// <summary>The input, or why there is none: a missing parameter, or messages per field.</summary>
    public sealed record Parsed(WebhookInput? Input, string? MissingParameter, ValidationErrors? Invalid);

    /// <summary>
    /// The columns of the platform's webhook record. Rails' <c>wrap_parameters</c> moves the top-level keys among these
    /// under <c>webhook</c> when the body has no <c>webhook</c> key, so its swagger's flat bodies work; others stay out.
    /// </summary>
    private static readonly string[] RecordAttributes =
        ["id", "account_id", InboxId, WebhookRules.Url, "webhook_type", WebhookRules.Subscriptions, WebhookRules.Name, "created_at", "updated_at"];

    public static Parsed Read(JsonObject body)
    {
        if (Wrapped(body) is not { Count: > 0 } webhook) return new(null, MissingWebhookMessage, null);

        var errors = new ValidationErrors();
        if (!TryString(webhook, WebhookRules.Url, out var url)) errors[WebhookRules.Url] = "\"url\" must be a string.";
        if (!TryString(webhook, WebhookRules.Name, out var name)) errors[WebhookRules.Name] = "\"name\" must be a string.";
        if (!TryStrings(webhook, WebhookRules.Subscriptions, out var subscriptions))
            errors[WebhookRules.Subscriptions] = "\"subscriptions\" must be an array of event names.";
        if (webhook[InboxId] is not null) errors[InboxId] = InboxIdMessage;
        return errors.IsValid ? new(new WebhookInput(url, name, subscriptions), null, null) : new(null, null, errors);
    }

    /// <summary>The <c>webhook</c> object as sent, or the flat body's record keys wrapped as the platform does.</summary>
    private static JsonObject? Wrapped(JsonObject body)
    {
        if (body.ContainsKey("webhook")) return body["webhook"] as JsonObject;
        var wrapped = new JsonObject();
        foreach (var key in RecordAttributes)
            if (body.TryGetPropertyValue(key, out var value)) wrapped[key] = value?.DeepClone();
        return wrapped;
    }

    private static bool TryString(JsonObject o, string key, out string? value)
    {
        value = null;
        var node = o[key];
        if (node is null) return true;
        return node is JsonValue v && v.TryGetValue(out value);
    }

    /// <summary>The array as sent: order and repeats kept, as the platform stores it.</summary>
    private static bool TryStrings(JsonObject o, string key, out List<string>? values)
    {
        values = null;
        if (o[key] is not { } node) return true;
        if (node is not JsonArray array) return false;
        values = [];
        foreach (var item in array)
        {
            if (item is not JsonValue v || !v.TryGetValue<string>(out var s)) return false;
            values.Add(s);
        }
        return true;
    }
}
