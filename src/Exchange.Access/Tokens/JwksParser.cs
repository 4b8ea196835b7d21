using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Exchange.Access.Tokens;

/// <summary>Reads the public signing keys out of a JWKS document (RFC 7517).</summary>
internal static class JwksParser
{
    public const int MaxDocumentBytes = 1024 * 1024;
    private const int MaxKeys = 100;
    private const int MinRsaBits = 2048;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 8 };

    /// <summary>The usable keys by <c>kid</c>; keys that cannot be used are reported and left out.</summary>
    /// <exception cref="JsonException">The document is not JSON.</exception>
    /// <exception cref="FormatException">The document is not a JWKS.</exception>
    public static IReadOnlyDictionary<string, JwksKey> Parse(ReadOnlyMemory<byte> document, Action<string> skipped)
    {
        using var json = JsonDocument.Parse(document, DocumentOptions);
        if (json.RootElement.ValueKind != JsonValueKind.Object
            || !json.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            throw new FormatException("A JWKS is an object with a 'keys' array.");
        if (keys.GetArrayLength() > MaxKeys)
            throw new FormatException($"A JWKS may list at most {MaxKeys} keys.");

        var result = new Dictionary<string, JwksKey>(StringComparer.Ordinal);
        foreach (var jwk in keys.EnumerateArray())
        {
            var kid = String(jwk, "kid");
            if (string.IsNullOrEmpty(kid))
            {
                skipped("no kid");
                continue;
            }
            var use = String(jwk, "use");
            if (use is not null && use != "sig")
            {
                skipped("not a signing key");
                continue;
            }
            SecurityKey? key;
            try
            {
                key = String(jwk, "kty") switch
                {
                    "RSA" => Rsa(jwk, kid),
                    "EC" => EllipticCurve(jwk, kid),
                    _ => null,
                };
            }
            catch (Exception exception) when (exception is FormatException or CryptographicException or ArgumentException)
            {
                key = null;
            }
            if (key is null)
            {
                skipped(String(jwk, "kty") == "RSA" && RsaBits(jwk) is > 0 and < MinRsaBits and var bits
                    ? string.Create(CultureInfo.InvariantCulture, $"kid '{kid}': an RSA key of {bits} bits; at least {MinRsaBits} are required")
                    : $"kid '{kid}': an unsupported or invalid key (RSA of at least {MinRsaBits} bits, or EC on P-256, P-384 or P-521)");
                continue;
            }
            if (!result.TryAdd(kid, new JwksKey(key, String(jwk, "alg"))))
            {
                // Two keys under one kid make the kid ambiguous: trust neither.
                result.Remove(kid);
                skipped($"kid '{kid}' appears twice; neither key is trusted");
            }
        }
        return result;
    }

    private static int RsaBits(JsonElement jwk)
    {
        try
        {
            return Bytes(jwk, "n").Length * 8;
        }
        catch (FormatException)
        {
            return 0;
        }
    }

    private static RsaSecurityKey? Rsa(JsonElement jwk, string kid)
    {
        // Only the public parameters are read, even if the document wrongly carries private ones.
        var parameters = new RSAParameters { Modulus = Bytes(jwk, "n"), Exponent = Bytes(jwk, "e") };
        if (parameters.Modulus.Length * 8 < MinRsaBits)
            return null;
        var rsa = RSA.Create();
        rsa.ImportParameters(parameters);
        return new RsaSecurityKey(rsa) { KeyId = kid };
    }

    private static ECDsaSecurityKey? EllipticCurve(JsonElement jwk, string kid)
    {
        ECCurve? curve = String(jwk, "crv") switch
        {
            "P-256" => ECCurve.NamedCurves.nistP256,
            "P-384" => ECCurve.NamedCurves.nistP384,
            "P-521" => ECCurve.NamedCurves.nistP521,
            _ => null,
        };
        if (curve is null)
            return null;
        var ecdsa = ECDsa.Create(new ECParameters { Curve = curve.Value, Q = new ECPoint { X = Bytes(jwk, "x"), Y = Bytes(jwk, "y") } });
        return new ECDsaSecurityKey(ecdsa) { KeyId = kid };
    }

    private static string? String(JsonElement jwk, string name) =>
        jwk.ValueKind == JsonValueKind.Object && jwk.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static byte[] Bytes(JsonElement jwk, string name) =>
        String(jwk, name) is { Length: > 0 } text ? Base64Url.DecodeFromChars(text) : throw new FormatException($"Missing '{name}'.");
}
