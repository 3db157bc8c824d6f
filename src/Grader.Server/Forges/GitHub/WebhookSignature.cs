using System.Security.Cryptography;
using System.Text;

namespace Grader.Server.Forges.GitHub;

/// <summary>
/// X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the raw body with the webhook secret.
/// Compared in constant time, so the answer's timing tells nothing about a forged signature.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Hub-Signature-256";
    private const string Prefix = "sha256=";

    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header)
    {
        if (header is null || !header.StartsWith(Prefix, StringComparison.Ordinal) || header.Length != Prefix.Length + 64) return false;
        byte[] given;
        try { given = Convert.FromHexString(header.AsSpan(Prefix.Length)); }
        catch (FormatException) { return false; }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
