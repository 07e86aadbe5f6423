using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Accounts;

/// <summary>Personal API access tokens: shown once to their owner, stored only as a SHA-256 hash.</summary>
public static class AccessTokens
{
    public const string Prefix = "dsh_";

    public static string Generate() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
