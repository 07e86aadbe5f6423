using System.Text.Json.Nodes;
using Dashboard.Api;

namespace Dashboard.Platform;

/// <summary>
/// Reads a Platform API body: flat keys, as the platform's controllers permit them (<c>params.permit(:name, …)</c>) and its
/// generated clients send them. Wrong types are the record's errors, in Rails' words.
/// </summary>
public sealed class PlatformBody(JsonObject body)
{
    public Dictionary<string, string> Errors { get; } = [];

    public bool Has(string key) => body.ContainsKey(key);

    public string? String(string key, string label)
    {
        if (body[key] is null) return null;
        if (body[key] is JsonValue v && v.TryGetValue<string>(out var s)) return s;
        Errors[key] = $"{label} is invalid";
        return null;
    }

    public int? Integer(string key, string label)
    {
        if (body[key] is null) return null;
        if (body[key] is JsonValue v && (v.TryGetValue<int>(out var i) || (v.TryGetValue<string>(out var s) && int.TryParse(s, out i)))) return i;
        Errors[key] = $"{label} is invalid";
        return null;
    }

    /// <summary>A JSON object (as text), or null when absent.</summary>
    public JsonObject? Object(string key, string label)
    {
        if (body[key] is null) return null;
        if (body[key] is JsonObject o) return (JsonObject)o.DeepClone();
        Errors[key] = $"{label} is invalid";
        return null;
    }

    /// <summary>The largest body a Platform API route reads.</summary>
    public const int MaxBytes = 64 * 1024;

    public IResult? Refusal => Errors.Count == 0 ? null : ApiJson.Invalid(string.Join(", ", Errors.Values), Errors.Keys);

    public static async Task<(PlatformBody? Body, IResult? Refusal)> ReadAsync(HttpRequest request, bool allowEmpty = false)
    {
        if (allowEmpty && request.ContentLength is null or 0 && string.IsNullOrEmpty(request.ContentType)) return (new PlatformBody([]), null);
        var read = await JsonBody.ReadObjectAsync(request, MaxBytes, request.HttpContext.RequestAborted);
        return read.Refusal is not null ? (null, read.Refusal) : (new PlatformBody(read.Body!), null);
    }
}
