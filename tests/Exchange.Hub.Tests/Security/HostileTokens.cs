using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Exchange.Access.Tokens;
using Exchange.Hub.Tests.Support;

namespace Exchange.Hub.Tests.Security;

/// <summary>What a hostile token is built from: the trusted key, an attacker's address, and the client it impersonates.</summary>
public sealed record AttackContext(TokenForge Forge, Uri AttackerJwks, TestClients.Client Client)
{
    public Dictionary<string, object?> Payload() => TokenForge.Payload(Client.ClientId, string.Join(' ', Client.Scopes));
}

/// <summary>
/// One RFC 8725 attack: the <c>Authorization</c> header value it sends (null: none) and the rule
/// the audit must name for it.
/// </summary>
public sealed record HostileToken(string Name, string ExpectedRule, Func<AttackContext, string?> Authorization)
{
    public override string ToString() => Name;
}

public static class HostileTokens
{
    public static IReadOnlyList<HostileToken> All { get; } =
    [
        new("alg none with empty signature", TokenFailureReasons.Algorithm, c =>
            Bearer(TokenForge.Encode(c.Forge.Header(new Dictionary<string, object?> { ["alg"] = "none" })) + "." + TokenForge.Encode(c.Payload()) + ".")),
        new("alg none keeping a valid signature", TokenFailureReasons.Algorithm, c =>
        {
            var parts = c.Forge.Sign(c.Payload()).Split('.');
            return Bearer(TokenForge.Encode(c.Forge.Header(new Dictionary<string, object?> { ["alg"] = "none" })) + "." + parts[1] + "." + parts[2]);
        }),
        new("HS256 with the issuer's public key as HMAC secret", TokenFailureReasons.Algorithm, c =>
        {
            var input = TokenForge.Encode(c.Forge.Header(new Dictionary<string, object?> { ["alg"] = "HS256" })) + "." + TokenForge.Encode(c.Payload());
            return Bearer(input + "." + TokenForge.Encode(HMACSHA256.HashData(c.Forge.PublicKeyBytes(), Encoding.ASCII.GetBytes(input))));
        }),
        new("expired beyond the clock skew", TokenFailureReasons.Expired, c =>
        {
            var payload = c.Payload();
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            (payload["iat"], payload["nbf"], payload["exp"]) = (now - 900, now - 900, now - 120);
            return Bearer(c.Forge.Sign(payload));
        }),
        new("not yet valid", TokenFailureReasons.NotYetValid, c =>
        {
            var payload = c.Payload();
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            (payload["iat"], payload["nbf"], payload["exp"]) = (now, now + 300, now + 900);
            return Bearer(c.Forge.Sign(payload));
        }),
        new("exp as a numeric string", TokenFailureReasons.ClaimType, c =>
        {
            // Ten minutes ahead like any good token, but a JSON string: RFC 7519 NumericDates are numbers.
            var payload = c.Payload();
            payload["exp"] = Convert.ToString(payload["exp"], CultureInfo.InvariantCulture);
            return Bearer(c.Forge.Sign(payload));
        }),
        new("issuer not trusted", TokenFailureReasons.Issuer, c => Bearer(c.Forge.Sign(With(c.Payload(), "iss", "https://evil.example")))),
        new("audience of another API", TokenFailureReasons.Audience, c => Bearer(c.Forge.Sign(With(c.Payload(), "aud", "some-other-api")))),
        new("typ of an ID token", TokenFailureReasons.Type, c =>
            Bearer(c.Forge.Sign(c.Payload(), new Dictionary<string, object?> { ["typ"] = "id_token+jwt" }))),
        new("kid unknown to the issuer", TokenFailureReasons.KeyUnknown, c =>
            Bearer(c.Forge.Sign(c.Payload(), new Dictionary<string, object?> { ["kid"] = "no-such-key" }))),
        new("kid carrying a path", TokenFailureReasons.KeyUnknown, c =>
            Bearer(c.Forge.Sign(c.Payload(), new Dictionary<string, object?> { ["kid"] = "../../../../dev/null" }))),
        new("kid carrying SQL", TokenFailureReasons.KeyUnknown, c =>
            Bearer(c.Forge.Sign(c.Payload(), new Dictionary<string, object?> { ["kid"] = "' or 1=1 --" }))),
        new("jku to the attacker's JWKS under the attacker's kid", TokenFailureReasons.KeyUnknown, c =>
        {
            using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return Bearer(TokenForge.SignWith(attacker,
                c.Forge.Header(new Dictionary<string, object?> { ["kid"] = "attacker-1", ["jku"] = c.AttackerJwks.ToString() }), c.Payload()));
        }),
        new("jku to the attacker's JWKS under the trusted kid", TokenFailureReasons.Signature, c =>
        {
            using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return Bearer(TokenForge.SignWith(attacker, c.Forge.Header(new Dictionary<string, object?> { ["jku"] = c.AttackerJwks.ToString() }), c.Payload()));
        }),
        new("payload tampered to elevate the scope to consent:manage", TokenFailureReasons.Signature, c =>
        {
            var parts = c.Forge.Sign(c.Payload()).Split('.');
            var elevated = c.Payload();
            elevated["client_id"] = elevated["sub"] = TestClients.Steward.ClientId;
            elevated["scope"] = "consent:manage audit:read index:read";
            return Bearer(parts[0] + "." + TokenForge.Encode(elevated) + "." + parts[2]);
        }),
        new("signature stripped", TokenFailureReasons.Signature, c =>
        {
            var parts = c.Forge.Sign(c.Payload()).Split('.');
            return Bearer(parts[0] + "." + parts[1] + ".");
        }),
        new("16 KB token, over the validator's limit", TokenFailureReasons.TooLarge, c =>
            Bearer(c.Forge.Sign(With(c.Payload(), "padding", new string('a', 16 * 1024))))),
        new("1 MB token", TokenFailureReasons.TooLarge, c =>
            Bearer(c.Forge.Sign(With(c.Payload(), "padding", new string('a', 1024 * 1024))))),
        new("compressed JWE", TokenFailureReasons.Encrypted, c =>
        {
            var header = TokenForge.Encode(new { alg = "RSA-OAEP", enc = "A256GCM", zip = "DEF", kid = c.Forge.Kid });
            string Random() => TokenForge.Encode(RandomNumberGenerator.GetBytes(32));
            return Bearer($"{header}.{Random()}.{Random()}.{Random()}.{Random()}");
        }),
        new("not a JWT", TokenFailureReasons.Malformed, _ => Bearer("not-a-token")),
        new("Basic credentials instead of a bearer token", TokenFailureReasons.Malformed, c =>
            "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes(c.Client.ClientId + ":secret"))),
        new("no token", TokenFailureReasons.Missing, _ => null),
    ];

    public static TheoryData<string> Names() => new(All.Select(a => a.Name));

    public static HostileToken Named(string name) => All.Single(a => a.Name == name);

    private static string Bearer(string token) => "Bearer " + token;

    private static Dictionary<string, object?> With(Dictionary<string, object?> payload, string claim, object value)
    {
        payload[claim] = value;
        return payload;
    }
}
