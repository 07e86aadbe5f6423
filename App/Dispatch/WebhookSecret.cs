using System.Security.Cryptography;

namespace Dashboard.Dispatch;

public static class WebhookSecret
{
    public const string Prefix = "whsec_";

    /// <summary>A new signing secret in the Standard Webhooks form: <c>whsec_</c> + base64 of 32 random bytes.</summary>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The HMAC key of the Standard Webhooks signature: the bytes behind the prefix.</summary>
    public static byte[] KeyBytes(string secret) =>
        Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);

    /// <summary>The secret before a rotation while it still signs (until its expiry; then receivers must have switched), else null.</summary>
    public static string? PreviousStillSigning(string? previous, DateTime? expiresAt, DateTime now) => expiresAt > now ? previous : null;

    /// <summary>For display: the prefix and the last four characters.</summary>
    public static string Mask(string secret) => Prefix + new string('•', 20) + secret[^4..];
}
