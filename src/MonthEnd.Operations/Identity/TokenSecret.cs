using System.Security.Cryptography;
using System.Text;

namespace MonthEnd.Operations.Identity;

/// <summary>
/// API tokens: 256 random bits, shown once; the store keeps only their SHA-256. A slow hash adds
/// nothing for a secret with 256 bits of entropy, and a fast one keeps every API call cheap.
/// </summary>
public static class TokenSecret
{
    public const string Prefix = "met_";

    public static string NewSecret() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Whether a text could be a token at all (so garbage is refused before any lookup).</summary>
    public static bool LooksLikeToken(string? text) => text is { Length: > 4 and < 100 } && text.StartsWith(Prefix, StringComparison.Ordinal);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
