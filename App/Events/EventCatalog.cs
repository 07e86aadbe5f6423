namespace Dashboard.Events;

/// <summary>One event type of the chat product; <see cref="Selectable"/> ones appear as checkboxes in the settings modal.</summary>
public sealed record EventType(string Name, string Label, bool Selectable)
{
    public string DisplayName => $"{Label} ({Name})";
}

/// <summary>The chat product's event names, in the order its settings modal shows them.</summary>
public static class EventCatalog
{
    public static readonly IReadOnlyList<EventType> All =
    [
        new("conversation_created", "Conversation Created", true),
        new("conversation_status_changed", "Conversation Status Changed", true),
        new("conversation_updated", "Conversation Updated", true),
        new("message_created", "Message created", true),
        new("message_updated", "Message updated", true),
        new("webwidget_triggered", "Live chat widget opened by the user", true),
        new("contact_created", "Contact created", true),
        new("contact_updated", "Contact updated", true),
        new("conversation_typing_on", "Conversation Typing On", true),
        new("conversation_typing_off", "Conversation Typing Off", true),
        // Valid through the API only, as in the chat product.
        new("inbox_created", "Inbox created", false),
        new("inbox_updated", "Inbox updated", false),
    ];

    public static IReadOnlyList<EventType> Selectable { get; } = All.Where(e => e.Selectable).ToList();

    private static readonly Dictionary<string, EventType> ByName = All.ToDictionary(e => e.Name, StringComparer.Ordinal);

    public static bool IsKnown(string name) => ByName.ContainsKey(name);

    public static EventType? Find(string name) => ByName.GetValueOrDefault(name);
}
