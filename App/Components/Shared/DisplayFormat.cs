using System.Text;
using System.Globalization;
using System.Text.Json;
using Dashboard.Deliveries;

namespace Dashboard.Components.Shared;

/// <summary>How every page shows times, durations and bodies. Receiver text is only ever returned as text, for Blazor to escape.</summary>
public static class DisplayFormat
{

    public static string Time(DateTime? utc) => utc is { } t ? t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "—";

    /// <summary>A count with its noun, singular or plural: "1 minute", "4 minutes", "0 attempts".</summary>
    public static string Count(long n, string singular, string? plural = null) =>
        $"{n.ToString("N0", CultureInfo.InvariantCulture)} {(n == 1 ? singular : plural ?? singular + "s")}";

    /// <summary>A span in its largest whole unit: "45 seconds", "4 minutes", "3 hours", "2 days".</summary>
    public static string Span(TimeSpan span)
    {
        span = span.Duration();
        if (span.TotalDays >= 1) return Count((long)span.TotalDays, "day");
        if (span.TotalHours >= 1) return Count((long)span.TotalHours, "hour");
        if (span.TotalMinutes >= 1) return Count((long)span.TotalMinutes, "minute");
        return Count(Math.Max(1, (long)span.TotalSeconds), "second");
    }

    /// <summary>
    /// A time relative to <paramref name="now"/>, short enough for a table cell: "just now", "3 min ago", "in 25 min",
    /// "2 h ago", "3 days ago". Pages show <see cref="Time"/> beside it on hover.
    /// </summary>
    public static string Relative(DateTime utc, DateTime now)
    {
        var span = utc - now;
        var abs = span.Duration();
        if (abs < TimeSpan.FromSeconds(45)) return span < TimeSpan.Zero ? "just now" : "in a few seconds";
        var text = abs.TotalMinutes < 59.5 ? $"{Math.Max(1, (int)Math.Round(abs.TotalMinutes))} min"
            : abs.TotalHours < 23.5 ? $"{(int)Math.Round(abs.TotalHours)} h"
            : Count((long)Math.Round(abs.TotalDays), "day");
        return span < TimeSpan.Zero ? $"{text} ago" : $"in {text}";
    }

    public static string Duration(int? ms) => ms switch
    {
        null => "—",
        < 1000 => $"{ms} ms",
        _ => (ms.Value / 1000.0).ToString("0.0#", CultureInfo.InvariantCulture) + " s",
    };

    /// <summary>
    /// The text indented when it is a JSON object or array, otherwise null. Only the space between tokens changes: every
    /// string, name and number keeps its exact characters as sent (a 👍 stays a 👍, a <c>\u00e9</c> stays <c>\u00e9</c>),
    /// where re-serialising would escape them anew.
    /// </summary>
    public static string? PrettyJson(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var start = text.TrimStart();
        if (start.Length == 0 || (start[0] != '{' && start[0] != '[')) return null;
        try
        {
            return JsonIndenter.Indent(Encoding.UTF8.GetBytes(text));
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
