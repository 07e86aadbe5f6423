using System.Text.Json;

namespace Dashboard.Events;

/// <summary>
/// An event body exactly as a client sent it: receivers get these bytes, signed as they are (no re-serialisation, so no
/// <c>\u003C</c> for <c>&lt;</c>, no reordered keys). Made only by <see cref="From"/>, after the body was checked to be
/// a JSON object naming a catalog event.
/// </summary>
public sealed class RawEvent
{
    private RawEvent(string name, ReadOnlyMemory<byte> utf8) => (Name, Utf8) = (name, utf8);

    public string Name { get; }

    /// <summary>The body's UTF-8 bytes, well-formed JSON (the caller parsed them into the root it passed).</summary>
    public ReadOnlyMemory<byte> Utf8 { get; }

    /// <summary>The event named by <paramref name="root"/>'s <c>event</c> key over <paramref name="utf8"/>, or why not.</summary>
    /// <param name="root">The parsed object of exactly these bytes.</param>
    public static RawEvent? From(JsonElement root, ReadOnlyMemory<byte> utf8, out string? error)
    {
        error = EventNameError(root, out var name);
        return error is null ? new RawEvent(name!, utf8) : null;
    }

    /// <summary>Why the payload's <c>event</c> key cannot be accepted, or null when it names a catalog event.</summary>
    private static string? EventNameError(JsonElement root, out string? name)
    {
        name = null;
        if (root.ValueKind != JsonValueKind.Object) return "The payload must be a JSON object.";
        if (!root.TryGetProperty("event", out var node) || node.ValueKind == JsonValueKind.Null)
            return "The payload needs an \"event\" key naming the event, e.g. \"message_created\".";
        if (node.ValueKind != JsonValueKind.String)
            return "The \"event\" key must be a string naming the event, e.g. \"message_created\".";
        name = node.GetString()!;
        return EventCatalog.IsKnown(name)
            ? null
            : $"Unknown event \"{Truncate(name)}\". Known events: {string.Join(", ", EventCatalog.All.Select(e => e.Name))}.";
    }

    private static string Truncate(string name) => name.Length <= 64 ? name : name[..64] + "…";
}
