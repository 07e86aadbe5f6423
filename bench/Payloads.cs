using System.Text;
using System.Text.Json.Nodes;

namespace Dashboard.Bench;

/// <summary>A realistic ~1 KB <c>message_created</c> payload (the chat product's shape), the same for every measurement.</summary>
public static class Payloads
{
    public const string EventName = "message_created";

    public static JsonObject Message(long sequence, string eventName = EventName) => new()
    {
        ["event"] = eventName,
        ["id"] = sequence,
        ["content"] = "Hello, I'd like to know the status of my order #48213. It was due last week and the tracking page has not changed since Monday.",
        ["content_type"] = "text",
        ["message_type"] = "incoming",
        ["created_at"] = "2026-11-23T13:44:36Z",
        ["private"] = false,
        ["source_id"] = null,
        ["sender"] = new JsonObject
        {
            ["id"] = 4211, ["name"] = "Ada Lovelace", ["email"] = "ada@example.com", ["phone_number"] = "+441234567890",
            ["type"] = "contact", ["thumbnail"] = "https://example.com/avatars/4211.png",
        },
        ["conversation"] = new JsonObject
        {
            ["id"] = 987, ["display_id"] = 312, ["status"] = "open", ["channel"] = "Channel::WebWidget",
            ["additional_attributes"] = new JsonObject { ["browser"] = new JsonObject { ["browser_name"] = "Firefox", ["platform_name"] = "Linux" } },
            ["can_reply"] = true, ["unread_count"] = 1,
        },
        ["account"] = new JsonObject { ["id"] = 1, ["name"] = "Acme Support" },
        ["inbox"] = new JsonObject { ["id"] = 3, ["name"] = "Website" },
    };

    public static byte[] MessageBytes { get; } = Encoding.UTF8.GetBytes(Message(1).ToJsonString());
}
