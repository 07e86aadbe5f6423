using System.Globalization;
using System.Text.Json;
using Dashboard.Deliveries;

namespace Dashboard.Components.Shared;

/// <summary>How every page shows times, durations and bodies. Receiver text is only ever returned as text, for Blazor to escape.</summary>
public static class DisplayFormat
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Time(DateTime? utc) => utc is { } t ? t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "—";

    public static string Duration(int? ms) => ms switch
    {
        null => "—",
        < 1000 => $"{ms} ms",
        _ => (ms.Value / 1000.0).ToString("0.0#", CultureInfo.InvariantCulture) + " s",
    };

    /// <summary>The text indented when it is a JSON object or array, otherwise null.</summary>
    public static string? PrettyJson(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var start = text.TrimStart();
        if (start.Length == 0 || (start[0] != '{' && start[0] != '[')) return null;
        try
        {
            using var doc = JsonDocument.Parse(text);
            return JsonSerializer.Serialize(doc.RootElement, Indented);
        }
        catch (JsonException) { return null; }
    }

    public static string ErrorInWords(AttemptError error, string? message) => error switch
    {
        AttemptError.None => message ?? "",
        AttemptError.Timeout => "The receiver did not answer in time (timeout).",
        AttemptError.ConnectionRefused => "The connection was refused: nothing listens at that address and port.",
        AttemptError.ConnectionReset => "The receiver closed the connection before answering.",
        AttemptError.Dns => "The host name could not be resolved (DNS).",
        AttemptError.Tls => "The secure connection failed (TLS certificate or handshake).",
        AttemptError.BlockedAddress => "Not sent: the address is private, loopback or otherwise blocked for webhooks.",
        _ => "The request failed.",
    } + (error != AttemptError.None && !string.IsNullOrWhiteSpace(message) ? $" ({message})" : "");
}
