using System.Security.Cryptography;
using System.Text;

namespace Grader.Data.Security;

/// <summary>
/// API tokens: 32 random bytes shown once, stored as their SHA-256. A token is high-entropy, so a
/// plain hash is enough (no salt or slow hash needed) and lets the database index look it up.
/// </summary>
public static class TokenHasher
{
    public const string Prefix = "grd_";

    public static string NewToken() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Compares hashes in constant time, so timing tells an attacker nothing.</summary>
    public static bool Matches(string token, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(token), storedHash);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
