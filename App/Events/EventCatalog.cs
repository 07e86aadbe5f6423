namespace Dashboard.Events;

/// <summary>
/// One event type of the chat product: its label as the settings modal shows it, when the platform sends it, and whether
/// it is a checkbox in the modal (<see cref="Selectable"/>) or reachable through the API only.
/// </summary>
public sealed record EventType(string Name, string Label, string Description, bool Selectable)
{
    public string DisplayName => $"{Label} ({Name})";
}

/// <summary>
/// The chat product's event names, in the order its settings modal shows them: the one list the pickers, the API's checks,
/// the samples and the event catalogue (page and <c>/api/v1/events/catalog</c>) all read.
/// </summary>
public static class EventCatalog
{
    // When each fires, read from the platform's app/listeners/webhook_listener.rb and the models that dispatch the events.
    public static readonly IReadOnlyList<EventType> All =
    [
        new("conversation_created", "Conversation Created", "A new conversation starts in one of the account's inboxes.", true),
        new("conversation_status_changed", "Conversation Status Changed",
            "A conversation is opened, resolved, set to pending or snoozed. The payload lists the change.", true),
        new("conversation_updated", "Conversation Updated",
            "A conversation's assignee, team, labels, priority, status, snooze time or custom attributes change. The payload lists the changes.", true),
        new("message_created", "Message created",
            "A message is added to a conversation: received from the contact, sent by an agent or a bot, a template or a private note (activity messages are not sent).", true),
        new("message_updated", "Message updated", "A message changes: edited content, a delivery status (sent, delivered, read, failed) or a form answered.", true),
        new("webwidget_triggered", "Live chat widget opened by the user", "A visitor opens the live chat widget on your website.", true),
        new("contact_created", "Contact created", "A contact is created, by an agent, an import, the API or a first message.", true),
        new("contact_updated", "Contact updated", "A contact's details change (name, email, phone, attributes, blocked). The payload lists the changes.", true),
        new("conversation_typing_on", "Conversation Typing On", "An agent or the contact starts typing in a conversation.", true),
        new("conversation_typing_off", "Conversation Typing Off", "An agent or the contact stops typing in a conversation.", true),
        // Valid through the API only, as in the chat product.
        new("inbox_created", "Inbox created", "An inbox (website widget, email, WhatsApp, API channel, …) is added to the account.", false),
        new("inbox_updated", "Inbox updated", "An inbox's settings change (greeting, working hours, assignment, channel). The payload lists the changes.", false),
    ];

    public static IReadOnlyList<EventType> Selectable { get; } = All.Where(e => e.Selectable).ToList();

    private static readonly Dictionary<string, EventType> ByName = All.ToDictionary(e => e.Name, StringComparer.Ordinal);

    public static bool IsKnown(string name) => ByName.ContainsKey(name);

    public static EventType? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>How pages name an event: its label as the chat product writes it ("Conversation Created"); an unknown name as it is.</summary>
    public static string LabelOf(string name) => Find(name)?.Label ?? name;
}
