using System.Text;
using System.Text.Json;

namespace Dashboard.Components.Shared;

/// <summary>
/// Re-indents JSON token by token, copying each token's raw text: what was sent is what is shown, but for the whitespace
/// (<see cref="JsonSerializer"/> would decode and escape strings again). Throws <see cref="JsonException"/> on invalid JSON.
/// </summary>
internal static class JsonIndenter
{
    private const string Indentation = "  ";

    public static string Indent(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var output = new StringBuilder(json.Length + json.Length / 4);
        var depth = 0;
        var firstInContainer = true;
        var afterName = false;

        void BeforeValue()
        {
            if (afterName) { afterName = false; return; }
            if (depth == 0) return;
            if (!firstInContainer) output.Append(',');
            NewLine(output, depth);
        }

        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    BeforeValue();
                    output.Append(reader.TokenType == JsonTokenType.StartObject ? '{' : '[');
                    depth++;
                    firstInContainer = true;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    depth--;
                    if (!firstInContainer) NewLine(output, depth);
                    output.Append(reader.TokenType == JsonTokenType.EndObject ? '}' : ']');
                    firstInContainer = false;
                    break;
                case JsonTokenType.PropertyName:
                    if (!firstInContainer) output.Append(',');
                    NewLine(output, depth);
                    output.Append('"').Append(Encoding.UTF8.GetString(reader.ValueSpan)).Append("\": ");
                    afterName = true;
                    firstInContainer = false;
                    break;
                default:
                    BeforeValue();
                    var raw = Encoding.UTF8.GetString(reader.ValueSpan);
                    output.Append(reader.TokenType == JsonTokenType.String ? $"\"{raw}\"" : raw);
                    firstInContainer = false;
                    break;
            }
        }
        return output.ToString();
    }

    private static void NewLine(StringBuilder output, int depth)
    {
        output.Append('\n');
        for (var i = 0; i < depth; i++) output.Append(Indentation);
    }
}
