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

    /// <summary>How pages name an event: its label as the chat product writes it ("Conversation Created"); an unknown name as it is.</summary>
    public static string LabelOf(string name) => Find(name)?.Label ?? name;

    /// <summary>Known names, de-duplicated and in catalog order.</summary>
    public static List<string> Normalize(IEnumerable<string> names)
    {
        var set = names.ToHashSet(StringComparer.Ordinal);
        return All.Where(e => set.Contains(e.Name)).Select(e => e.Name).ToList();
    }
}
