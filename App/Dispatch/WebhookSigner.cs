using System.Security.Cryptography;
using System.Text;
using Dashboard.Webhooks;

namespace Dashboard.Dispatch;

/// <summary>The two signature families receivers verify: Standard Webhooks and the chat product's own.</summary>
public static class WebhookSigner
{
    /// <summary>
    /// Standard Webhooks: <c>v1,</c> + base64 HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>, keyed with the bytes behind
    /// <c>whsec_</c>. During a rotation the previous secret signs too, space-separated, so old and new verifiers both pass.
    /// </summary>
    public static string StandardSignature(string messageId, long timestamp, string body, string secret, string? previousSecret)
    {
        var content = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}");
        var current = "v1," + Convert.ToBase64String(HMACSHA256.HashData(WebhookSecret.KeyBytes(secret), content));
        if (previousSecret is null) return current;
        return current + " v1," + Convert.ToBase64String(HMACSHA256.HashData(WebhookSecret.KeyBytes(previousSecret), content));
    }

    /// <summary>The chat product's <c>X-Chatwoot-Signature</c>: <c>sha256=</c> + hex HMAC-SHA256 over <c>{timestamp}.{body}</c>, keyed with the whole secret string.</summary>
    public static string ChatwootSignature(long timestamp, string body, string secret)
    {
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return "sha256=" + Convert.ToHexStringLower(hash);
    }
}
