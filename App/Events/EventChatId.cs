namespace Dashboard.Events;

/// <summary>Which of the chat platform's records an id in a payload names.</summary>
public enum ChatIdKind
{
    Message = 1,
    Conversation = 2,
    Contact = 3,
}

/// <summary>
/// One of the chat platform's ids found in an event's payload at ingestion (<see cref="ChatIds"/>), so the delivery log
/// can find deliveries by "conversation 42" through an index instead of reading payloads.
/// </summary>
public sealed class EventChatId
{
    public long Id { get; set; }
    public int AccountId { get; set; }
    public Guid EventId { get; set; }
    public ChatIdKind Kind { get; set; }
    public long Value { get; set; }
}
