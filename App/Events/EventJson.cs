using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dashboard.Events;

/// <summary>
/// How payloads built in the app (in-process publishes, test-fires, samples) become text: as the chat platform writes
/// them, with <c>é</c>, <c>&lt;</c>, <c>&amp;</c> and <c>+</c> as themselves (the default encoder writes <c>\u00E9</c>, <c>\u003C</c>…).
/// Bodies received through the API are never re-serialised at all (<see cref="RawEvent"/>).
/// </summary>
public static class EventJson
{
    // Bodies go to receivers as application/json, never into HTML, so HTML-sensitive characters need no escaping.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    /// <summary>The text sent to receivers.</summary>
    public static string ToText(JsonObject payload) => payload.ToJsonString(Compact);

    /// <summary>The same, indented for people to read (catalogue, test-fire preview).</summary>
    public static string ToIndentedText(JsonObject payload) => payload.ToJsonString(Indented);
}
