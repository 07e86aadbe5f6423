using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Dispatch;

/// <summary>The two signature families receivers verify: Standard Webhooks and the chat product's own.</summary>
public static class WebhookSigner
{
    /// <summary>
    /// Standard Webhooks: <c>v1,</c> + base64 HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>, keyed with the bytes behind
    /// <c>whsec_</c>. During a rotation the previous secret signs too, space-separated, so old and new verifiers both pass.
    /// </summary>
    public static string StandardSignature(string messageId, long timestamp, ReadOnlySpan<byte> body, string secret, string? previousSecret)
    {
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        var current = "v1," + Convert.ToBase64String(Hmac(WebhookSecret.KeyBytes(secret), prefix, body));
        if (previousSecret is null) return current;
        return current + " v1," + Convert.ToBase64String(Hmac(WebhookSecret.KeyBytes(previousSecret), prefix, body));
    }

    /// <summary>The chat product's <c>X-Chatwoot-Signature</c>: <c>sha256=</c> + hex HMAC-SHA256 over <c>{timestamp}.{body}</c>, keyed with the whole secret string.</summary>
    public static string ChatwootSignature(long timestamp, ReadOnlySpan<byte> body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(Hmac(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}."), body));

    /// <summary>Up to this size the signed text is joined in a pooled buffer and hashed in one call (the cheapest way).</summary>
    private const int JoinedUpTo = 16 * 1024;

    // Large bodies are hashed prefix then body: never joined into a fresh copy on the large-object heap.
    private static byte[] Hmac(byte[] key, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body)
    {
        var length = prefix.Length + body.Length;
        if (length <= JoinedUpTo)
        {
            var joined = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                prefix.CopyTo(joined);
                body.CopyTo(joined.AsSpan(prefix.Length));
                return HMACSHA256.HashData(key, joined.AsSpan(0, length));
            }
            finally { ArrayPool<byte>.Shared.Return(joined); }
        }
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
