using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Dashboard.Api;

/// <summary>A request body read as one JSON object, or the refusal to answer with (nothing else happens then).</summary>
public sealed record JsonBodyResult(JsonObject? Body, IResult? Refusal);

/// <summary>Reads API request bodies with a hard size cap, enforced while reading (Content-Length may be absent or lie).</summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions ParseOptions = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    public static async Task<JsonBodyResult> ReadObjectAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (!IsJson(request.ContentType))
            return Refuse(StatusCodes.Status415UnsupportedMediaType, "The request body must be JSON (Content-Type: application/json).");
        var tooLarge = $"The request body must be at most {maxBytes / 1024} KB.";
        if (request.ContentLength > maxBytes) return Refuse(StatusCodes.Status413PayloadTooLarge, tooLarge);

        var bytes = await ReadCappedAsync(request.Body, maxBytes, ct);
        if (bytes is null) return Refuse(StatusCodes.Status413PayloadTooLarge, tooLarge);
        if (bytes.Length == 0) return Refuse(StatusCodes.Status400BadRequest, "The request body is empty; send a JSON object.");

        // JSON text is UTF-8; the parser would let broken bytes through as U+FFFD and the receiver would get other bytes.
        if (!Utf8.IsValid(bytes)) return Refuse(StatusCodes.Status400BadRequest, "The request body is not valid UTF-8, so it is not JSON text.");

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes, documentOptions: ParseOptions);
        }
        catch (JsonException e)
        {
            // The parser's position helps the caller; it never echoes their data. A repeated key has no position.
            return Refuse(StatusCodes.Status400BadRequest, e.LineNumber is { } line
                ? $"The request body is not valid JSON (line {line + 1}, byte {e.BytePositionInLine + 1})."
                : e.Message.Contains("uplicate", StringComparison.Ordinal)
                    ? "The request body is not valid JSON: an object has the same key twice."
                    : "The request body is not valid JSON.");
        }
        return node is JsonObject body
            ? new JsonBodyResult(body, null)
            : Refuse(StatusCodes.Status400BadRequest, "The request body must be a JSON object.");
    }

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

    private static JsonBodyResult Refuse(int status, string message) => new(null, ApiJson.Error(status, message));
}
