using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dashboard.Events;

/// <summary>A chat platform id: what it names and its number.</summary>
public readonly record struct ChatId(ChatIdKind Kind, long Value);

/// <summary>What the log's search box asked for when it holds a chat id: a number, and what it names if the admin said so.</summary>
public sealed record ChatIdSearch(ChatIdKind? Kind, long Value);

/// <summary>
/// The one rule for the chat platform's ids in a payload: which keys hold a message, conversation or contact id
/// (reference: chat-webhooks.md), read at ingestion, and how the log's search box names them ("conversation 42").
/// </summary>
public static partial class ChatIds
{
    /// <summary>More than any real payload holds; a hostile one cannot make ingestion write without bound.</summary>
    public const int Max = 8;

    public const string SearchExample = "42 or conversation 42";

    // Wherever they appear: the conversation and contact objects that message, widget and typing events carry.
    private static readonly Dictionary<string, ChatIdKind> Nested = new(StringComparer.Ordinal)
    {
        ["conversation.id"] = ChatIdKind.Conversation,
        ["conversation.display_id"] = ChatIdKind.Conversation,
        ["current_conversation.id"] = ChatIdKind.Conversation,
        ["current_conversation.display_id"] = ChatIdKind.Conversation,
        ["contact.id"] = ChatIdKind.Contact,
    };

    // Objects worth entering; every other object and every array is skipped unread.
    private static readonly HashSet<string> Entered = ["conversation", "current_conversation", "contact", "meta", "meta.sender"];

    /// <summary>The ids in <paramref name="payload"/> of an event named <paramref name="eventName"/>, without repeats.</summary>
    public static IReadOnlyList<ChatId> In(string eventName, string payload) => In(eventName, Encoding.UTF8.GetBytes(payload));

    public static IReadOnlyList<ChatId> In(string eventName, ReadOnlySpan<byte> utf8Json)
    {
        var found = new List<ChatId>(4);
        var reader = new Utf8JsonReader(utf8Json);
        var path = new Stack<string>();
        string? property = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return found;
            while (reader.Read() && found.Count < Max)
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        break;
                    case JsonTokenType.StartObject when Entered.Contains(Join(path, property!)):
                        path.Push(Join(path, property!));
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        reader.Skip();
                        break;
                    case JsonTokenType.EndObject:
                        if (path.Count > 0) path.Pop();
                        break;
                    case JsonTokenType.Number or JsonTokenType.String when KindOf(eventName, Join(path, property!)) is { } kind && Number(ref reader) is { } value:
                        var id = new ChatId(kind, value);
                        if (!found.Contains(id)) found.Add(id);
                        break;
                }
            }
        }
        catch (JsonException) { } // not JSON after all: what was read so far stands
        return found;
    }

    private static string Join(Stack<string> path, string property) => path.Count == 0 ? property : path.Peek() + "." + property;

    /// <summary>The event's own id (its top-level <c>id</c>) names a message, a conversation or a contact by the event's family.</summary>
    private static ChatIdKind? KindOf(string eventName, string key) => key switch
    {
        "id" when eventName.StartsWith("message_", StringComparison.Ordinal) => ChatIdKind.Message,
        "id" when eventName.StartsWith("conversation_", StringComparison.Ordinal) && !eventName.StartsWith("conversation_typing", StringComparison.Ordinal) => ChatIdKind.Conversation,
        "id" when eventName.StartsWith("contact_", StringComparison.Ordinal) => ChatIdKind.Contact,
        // A conversation's contact is its meta.sender.
        "meta.sender.id" when eventName.StartsWith("conversation_", StringComparison.Ordinal) => ChatIdKind.Contact,
        _ => Nested.TryGetValue(key, out var kind) ? kind : null,
    };

    private static long? Number(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number ? reader.TryGetInt64(out var n) && n >= 0 ? n : null
        : long.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;

    /// <summary>"42", "#42", "conversation 42", "Contact: 7" …; null when the text is no chat id.</summary>
    public static ChatIdSearch? ParseSearch(string text)
    {
        var match = SearchText().Match(text.Trim());
        if (!match.Success || !long.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return null;
        ChatIdKind? kind = match.Groups["kind"].Value.ToLowerInvariant() switch
        {
            "message" => ChatIdKind.Message,
            "conversation" => ChatIdKind.Conversation,
            "contact" => ChatIdKind.Contact,
            _ => null,
        };
        return new ChatIdSearch(kind, value);
    }

    [GeneratedRegex(@"^(?:(?<kind>message|conversation|contact)\s*[:#]?\s*|#)?(?<n>\d{1,18})$", RegexOptions.IgnoreCase)]
    private static partial Regex SearchText();
}
