using System.Text.Json.Nodes;

namespace Dashboard.Events;

/// <summary>
/// A minimal sample payload per catalog event for test-fires (same signature as the api branch's <c>EventSamples.For</c>,
/// which should replace it once both are merged).
/// </summary>
public static class SamplePayloads
{
    /// <exception cref="ArgumentException">The name is not in <see cref="EventCatalog"/>.</exception>
    public static JsonObject For(string eventName, int accountId, string accountName)
    {
        if (!EventCatalog.IsKnown(eventName)) throw new ArgumentException($"No sample for unknown event \"{eventName}\".", nameof(eventName));
        var payload = new JsonObject
        {
            ["event"] = eventName,
            ["id"] = 1,
            ["account"] = new JsonObject { ["id"] = accountId, ["name"] = accountName },
        };
        if (eventName.StartsWith("message_", StringComparison.Ordinal))
        {
            payload["content"] = "This is a test message from your webhook settings.";
            payload["message_type"] = "incoming";
            payload["conversation"] = new JsonObject { ["id"] = 1, ["status"] = "open" };
        }
        return payload;
    }
}
