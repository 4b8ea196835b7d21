using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Exchange.Access.Tokens;

namespace Exchange.Hub.Tests.Security;

/// <summary>
/// Builds hostile JWS compact tokens by hand, signed (where the attack needs it) with the dev
/// issuer's own private key read from its key folder, so that only the one thing under attack is wrong.
/// </summary>
public sealed class TokenForge : IDisposable
{
    private readonly ECDsa _key;

    private TokenForge(ECDsa key, string kid)
    {
        _key = key;
        Kid = kid;
    }

    /// <summary>The trusted key's id.</summary>
    public string Kid { get; }

    public static async Task<TokenForge> OpenAsync(DevelopmentTokenIssuer issuer, CancellationToken cancellationToken)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(issuer.KeyDirectory, DevelopmentTokenIssuer.PrivateKeyFileName), cancellationToken));
        return new TokenForge(key, issuer.KeyId);
    }

    /// <summary>A payload that passes every check now: the dev issuer and audience, ten minutes of life.</summary>
    public static Dictionary<string, object?> Payload(string clientId, string scope, DateTimeOffset? now = null)
    {
        var at = (now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        return new()
        {
            ["iss"] = DevelopmentTokenIssuer.DefaultIssuer,
            ["aud"] = DevelopmentTokenIssuer.DefaultAudience,
            ["sub"] = clientId,
            ["client_id"] = clientId,
            ["scope"] = scope,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["iat"] = at,
            ["nbf"] = at,
            ["exp"] = at + 600,
        };
    }

    /// <summary>The header the dev issuer writes; a null value in <paramref name="overrides"/> removes the member.</summary>
    public Dictionary<string, object?> Header(IDictionary<string, object?>? overrides = null)
    {
        var header = new Dictionary<string, object?> { ["alg"] = "ES256", ["kid"] = Kid, ["typ"] = "at+jwt" };
        foreach (var (name, value) in overrides ?? new Dictionary<string, object?>())
        {
            if (value is null)
                header.Remove(name);
            else
                header[name] = value;
        }
        return header;
    }

    /// <summary>Signs with the trusted key (ES256) whatever the header says.</summary>
    public string Sign(IDictionary<string, object?> payload, IDictionary<string, object?>? headerOverrides = null) =>
        SignWith(_key, Header(headerOverrides), payload);

    /// <summary>Signs with <paramref name="key"/> (ES256) under exactly <paramref name="header"/>.</summary>
    public static string SignWith(ECDsa key, IDictionary<string, object?> header, IDictionary<string, object?> payload)
    {
        var signingInput = Encode(header) + "." + Encode(payload);
        return signingInput + "." + Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256));
    }

    /// <summary>The trusted public key as SubjectPublicKeyInfo DER: what an attacker would use as an HMAC secret.</summary>
    public byte[] PublicKeyBytes() => _key.ExportSubjectPublicKeyInfo();

    /// <summary>The public JWK of an attacker's key, for a JWKS served from the attacker's address.</summary>
    public static string Jwks(ECDsa key, string kid)
    {
        var q = key.ExportParameters(false).Q;
        return JsonSerializer.Serialize(new
        {
            keys = new[] { new { kty = "EC", crv = "P-256", kid, use = "sig", alg = "ES256", x = Base64Url.EncodeToString(q.X), y = Base64Url.EncodeToString(q.Y) } },
        });
    }

    public static string Encode(object json) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(json));

    public static string Encode(byte[] bytes) => Base64Url.EncodeToString(bytes);

    public void Dispose() => _key.Dispose();
}
