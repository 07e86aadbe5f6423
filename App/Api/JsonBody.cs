using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Dashboard.Api;

/// <summary>A request body read as one JSON object, or the refusal to answer with (nothing else happens then).</summary>
public sealed record JsonBodyResult(JsonObject? Body, IResult? Refusal);

/// <summary>A request body that is one JSON object, kept as the exact bytes received, with a read-only view for checks.</summary>
public sealed class RawJsonObject(byte[] utf8, JsonDocument document) : IDisposable
{
    /// <summary>The bytes as the client sent them: whatever is stored and forwarded is these, not a re-serialisation.</summary>
    public byte[] Utf8 { get; } = utf8;

    /// <summary>The parsed object over <see cref="Utf8"/> (valid until disposed).</summary>
    public JsonElement Root => document.RootElement;

    public void Dispose() => document.Dispose();
}

/// <summary>A raw JSON object body (dispose it), or the refusal to answer with.</summary>
public sealed record RawJsonBodyResult(RawJsonObject? Body, IResult? Refusal);

/// <summary>Reads API request bodies with a hard size cap, enforced while reading (Content-Length may be absent or lie).</summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions ParseOptions = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    public static async Task<JsonBodyResult> ReadObjectAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        var (bytes, refusal) = await ReadUtf8Async(request, maxBytes, ct);
        if (refusal is not null) return new JsonBodyResult(null, refusal);

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes, documentOptions: ParseOptions);
        }
        catch (JsonException e)
        {
            return new JsonBodyResult(null, NotJson(e));
        }
        return node is JsonObject body ? new JsonBodyResult(body, null) : new JsonBodyResult(null, NotAnObject());
    }

    /// <summary>
    /// The same checks as <see cref="ReadObjectAsync"/> (size, UTF-8, well-formed, no repeated key, an object), but the body
    /// stays the bytes received: one parse into a pooled <see cref="JsonDocument"/> over them, no tree, no second copy.
    /// </summary>
    public static async Task<RawJsonBodyResult> ReadRawObjectAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        var (bytes, refusal) = await ReadUtf8Async(request, maxBytes, ct);
        if (refusal is not null) return new RawJsonBodyResult(null, refusal);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.AsMemory(), ParseOptions);
        }
        catch (JsonException e)
        {
            return new RawJsonBodyResult(null, NotJson(e));
        }
        if (document.RootElement.ValueKind == JsonValueKind.Object) return new RawJsonBodyResult(new RawJsonObject(bytes, document), null);
        document.Dispose();
        return new RawJsonBodyResult(null, NotAnObject());
    }

    /// <summary>The body's bytes once they are JSON-typed, within the cap, not empty and valid UTF-8; else the refusal.</summary>
    private static async Task<(byte[] Bytes, IResult? Refusal)> ReadUtf8Async(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (!IsJson(request.ContentType))
            return ([], ApiJson.Error(StatusCodes.Status415UnsupportedMediaType, "The request body must be JSON (Content-Type: application/json)."));
        var tooLarge = $"The request body must be at most {maxBytes / 1024} KB.";
        if (request.ContentLength > maxBytes) return ([], ApiJson.Error(StatusCodes.Status413PayloadTooLarge, tooLarge));

        var bytes = await ReadCappedAsync(request.Body, maxBytes, ct);
        if (bytes is null) return ([], ApiJson.Error(StatusCodes.Status413PayloadTooLarge, tooLarge));
        if (bytes.Length == 0) return ([], ApiJson.Error(StatusCodes.Status400BadRequest, "The request body is empty; send a JSON object."));

        // JSON text is UTF-8; the parser would let broken bytes through as U+FFFD and the receiver would get other bytes.
        if (!Utf8.IsValid(bytes)) return ([], ApiJson.Error(StatusCodes.Status400BadRequest, "The request body is not valid UTF-8, so it is not JSON text."));
        return (bytes, null);
    }

    // The parser's position helps the caller; it never echoes their data. A repeated key has no position.
    private static IResult NotJson(JsonException e) => ApiJson.Error(StatusCodes.Status400BadRequest, e.LineNumber is { } line
        ? $"The request body is not valid JSON (line {line + 1}, byte {e.BytePositionInLine + 1})."
        : e.Message.Contains("uplicate", StringComparison.Ordinal)
            ? "The request body is not valid JSON: an object has the same key twice."
            : "The request body is not valid JSON.");

    private static IResult NotAnObject() => ApiJson.Error(StatusCodes.Status400BadRequest, "The request body must be a JSON object.");

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return false;
        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The body, or null as soon as it passes <paramref name="maxBytes"/>.</summary>
    private static async Task<byte[]?> ReadCappedAsync(Stream body, int maxBytes, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Min(maxBytes + 1, 16 * 1024));
        while (true)
        {
            var memory = buffer.GetMemory(8 * 1024);
            var read = await body.ReadAsync(memory, ct);
            if (read == 0) return buffer.WrittenSpan.ToArray();
            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes) return null;
        }
    }
}
