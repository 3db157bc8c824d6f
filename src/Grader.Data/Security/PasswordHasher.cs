using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Grader.Data.Security;

/// <summary>
/// Staff passwords, unlike tokens, are low-entropy: stored as salted PBKDF2-HMAC-SHA256 with
/// OWASP's iteration count, in the self-describing form <c>pbkdf2-sha256$iterations$salt$hash</c>
/// so the count can be raised later without invalidating stored hashes.
/// </summary>
public static class PasswordHasher
{
    public const int Iterations = 600_000;
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Minimum length for a new password; longer beats more complex.</summary>
    public const int MinimumLength = 10;

    public static string Hash(string password, int iterations = Iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, iterations);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture),
            Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>False for a wrong password and for a stored value that is not one of ours.</summary>
    public static bool Verify(string password, string? stored)
    {
        var parts = stored?.Split('$');
        if (parts is not [Scheme, var count, var salt, var hash]
            || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out int iterations)
            || iterations is < 1 or > 10_000_000)
            return false;
        try
        {
            var expected = Convert.FromBase64String(hash);
            return CryptographicOperations.FixedTimeEquals(Derive(password, Convert.FromBase64String(salt), iterations), expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
