using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Exchange.Access.Tests.Tokens;

/// <summary>A key pair that signs hand-built JWS compact tokens, so that tests can build the malformed ones too.</summary>
internal sealed class TestSigningKey : IDisposable
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ec;

    private TestSigningKey(string kid, string algorithm, RSA? rsa, ECDsa? ec)
    {
        Kid = kid;
        Algorithm = algorithm;
        _rsa = rsa;
        _ec = ec;
    }

    public string Kid { get; }

    public string Algorithm { get; }

    public static TestSigningKey Rsa(string kid, string algorithm = "RS256") => new(kid, algorithm, RSA.Create(2048), null);

    public static TestSigningKey EllipticCurve(string kid) => new(kid, "ES256", null, ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>The public key as a JWK (no <c>alg</c>, so that the same key can serve RS256 and PS256).</summary>
    public Dictionary<string, string> PublicJwk()
    {
        if (_rsa is not null)
        {
            var p = _rsa.ExportParameters(false);
            return new() { ["kty"] = "RSA", ["kid"] = Kid, ["use"] = "sig", ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent) };
        }
        var q = _ec!.ExportParameters(false).Q;
        return new() { ["kty"] = "EC", ["kid"] = Kid, ["use"] = "sig", ["crv"] = "P-256", ["x"] = Base64UrlEncoder.Encode(q.X), ["y"] = Base64UrlEncoder.Encode(q.Y) };
    }

    /// <summary>The public key in SubjectPublicKeyInfo DER: what an attacker would use as an HMAC secret.</summary>
    public byte[] PublicKeyBytes() => _rsa?.ExportSubjectPublicKeyInfo() ?? _ec!.ExportSubjectPublicKeyInfo();

    public static string Jwks(params TestSigningKey[] keys) => JsonSerializer.Serialize(new { keys = keys.Select(k => k.PublicJwk()) });

    /// <summary>A signed token; the header gets <c>alg</c> and <c>kid</c> unless it sets them itself.</summary>
    public string Sign(IDictionary<string, object?> payload, IDictionary<string, object?>? header = null, string? algorithm = null)
    {
        var h = new Dictionary<string, object?> { ["alg"] = algorithm ?? Algorithm, ["kid"] = Kid, ["typ"] = "at+jwt" };
        foreach (var (name, value) in header ?? new Dictionary<string, object?>())
        {
            if (value is null)
                h.Remove(name);
            else
                h[name] = value;
        }
        return SignInput(Encode(h) + "." + Encode(payload), algorithm);
    }

    /// <summary>A signed token over this exact payload JSON, for claim sets a dictionary cannot hold (duplicate or escaped names).</summary>
    public string SignJson(string payloadJson) =>
        SignInput(Encode(new Dictionary<string, object?> { ["alg"] = Algorithm, ["kid"] = Kid, ["typ"] = "at+jwt" }) + "." +
            Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payloadJson)), null);

    private string SignInput(string signingInput, string? algorithm)
    {
        var data = Encoding.ASCII.GetBytes(signingInput);
        var signature = (algorithm ?? Algorithm) switch
        {
            "RS256" => _rsa!.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            "PS256" => _rsa!.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
            "ES256" => _ec!.SignData(data, HashAlgorithmName.SHA256),
            var other => throw new NotSupportedException(other),
        };
        return signingInput + "." + Base64UrlEncoder.Encode(signature);
    }

    public static string Encode(object json) => Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(json));

    public void Dispose()
    {
        _rsa?.Dispose();
        _ec?.Dispose();
    }
}
