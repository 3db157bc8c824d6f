using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Grader.Worker.Forges.GitHub;

/// <summary>
/// The JSON Web Token a GitHub App authenticates with (RS256, issuer = App id). GitHub accepts at
/// most 10 minutes of validity; iat is set 60 s back to allow for clock drift, as GitHub advises.
/// </summary>
public static class GitHubAppJwt
{
    public static string Create(long appId, RSA privateKey, DateTimeOffset now)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new
        {
            iat = now.AddSeconds(-60).ToUnixTimeSeconds(),
            exp = now.AddMinutes(9).ToUnixTimeSeconds(),
            iss = appId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        var signingInput = header + "." + payload;
        var signature = privateKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
