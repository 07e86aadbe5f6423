using System.Text.Json.Nodes;

namespace Dashboard.Events;

/// <summary>
/// One realistic payload per catalog event, shaped as the chat product sends it: a JSON object with its
/// <c>event</c> key beside the data. Test-fires send these; API users copy them.
/// </summary>
public static partial class EventSamples
{
    /// <summary>A fresh sample for <paramref name="eventName"/>, with every <c>account</c> object and <c>account_id</c> set to the given account.</summary>
    /// <exception cref="ArgumentException">The name is not in <see cref="EventCatalog"/>.</exception>
    public static JsonObject For(string eventName, int accountId, string accountName)
    {
        if (!Templates.TryGetValue(eventName, out var template))
            throw new ArgumentException($"No sample for unknown event \"{eventName}\".", nameof(eventName));
        var payload = JsonNode.Parse(template)!.AsObject();
        SetAccount(payload, accountId, accountName);
        return payload;
    }

    private static void SetAccount(JsonNode? node, int accountId, string accountName)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    if (key == "account" && child is JsonObject)
                        o[key] = new JsonObject { ["id"] = accountId, ["name"] = accountName };
                    else if (key == "account_id")
                        o[key] = accountId;
                    else
                        SetAccount(child, accountId, accountName);
                }
                break;
            case JsonArray a:
                foreach (var child in a) SetAccount(child, accountId, accountName);
                break;
        }
    }

    // The changes as the platform's listener lists them: one {"attribute": {previous_value, current_value}} per changed column.
    private static readonly Dictionary<string, string> Templates = new(StringComparer.Ordinal)
    {
        ["conversation_created"] = ConversationEvent("conversation_created", "open", changed: null),
        ["conversation_status_changed"] = ConversationEvent("conversation_status_changed", "resolved", firstReplyAt: "2026-11-23T13:06:40.000Z",
            changed: """[{"status": {"previous_value": "open", "current_value": "resolved"}}]"""),
        ["conversation_updated"] = ConversationEvent("conversation_updated", "open", firstReplyAt: "2026-11-23T13:06:40.000Z",
            changed: """[{"priority": {"previous_value": null, "current_value": "high"}}]"""),
        ["message_created"] = Message("message_created", FirstMessage, firstReplyAt: null),
        ["message_updated"] = Message("message_updated", "Hi, my order #4821 has not arrived yet. Can you check, please?", "2026-11-23T13:06:40.000Z"),
        ["webwidget_triggered"] = WebwidgetTriggered(),
        ["contact_created"] = Contact("contact_created", changed: null),
        ["contact_updated"] = Contact("contact_updated", changed: """
            [{"phone_number": {"previous_value": null, "current_value": "+4915123456789"}},
             {"updated_at": {"previous_value": "2026-11-23T13:05:20.114Z", "current_value": "2026-11-23T13:09:12.530Z"}}]
            """),
        ["conversation_typing_on"] = Typing("conversation_typing_on"),
        ["conversation_typing_off"] = Typing("conversation_typing_off"),
        ["inbox_created"] = Inbox("inbox_created", changed: null),
        ["inbox_updated"] = Inbox("inbox_updated", changed: """
            [{"greeting_message": {"previous_value": "Hi! How can we help you today?", "current_value": "Hi! We usually answer within minutes."}},
             {"updated_at": {"previous_value": "2026-10-02T08:14:09.331Z", "current_value": "2026-11-23T13:10:02.675Z"}}]
            """),
    };
}
