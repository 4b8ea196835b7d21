using Exchange.Access.Clients;
using Exchange.Access.Tokens;
using Exchange.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Exchange.Access.Tests.Tokens;

/// <summary>One trusted issuer with an RSA and an EC key in a JWKS file, a registered client, and a fake clock.</summary>
internal sealed class IssuerFixture : IDisposable
{
    public const string Issuer = "https://idp.test.example";
    public const string Audience = "exchange-hub";
    public const string ClientId = "uni-10001-sis";

    private readonly TempFolder _folder = new("exchange-token-tests");

    public IssuerFixture()
    {
        File.WriteAllText(JwksPath, TestSigningKey.Jwks(Rsa, Ec));
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    public TestSigningKey Rsa { get; } = TestSigningKey.Rsa("rsa-1");

    public TestSigningKey Ec { get; } = TestSigningKey.EllipticCurve("ec-1");

    public string JwksPath => _folder.Combine("jwks.json");

    public InMemoryClientRegistry Clients { get; } = new([
        (Issuer, new RegisteredClient(ClientId, "12100000400000624D", PartyRole.University,
            new HashSet<string> { Scopes.IndexRead, "records:write:graduate" })),
    ]);

    public TokenValidationOptions Options(Action<TrustedIssuerOptions>? configure = null, TimeSpan? clockSkew = null)
    {
        var issuer = new TrustedIssuerOptions
        {
            Issuer = Issuer,
            Audiences = [Audience],
            Algorithms = ["RS256", "PS256", "ES256"],
            JwksFile = JwksPath,
        };
        configure?.Invoke(issuer);
        return new TokenValidationOptions { Issuers = [issuer], ClockSkew = clockSkew ?? TimeSpan.FromSeconds(30) };
    }

    public JwtTokenValidator Validator(TokenValidationOptions? options = null, HttpClient? http = null) =>
        new(options ?? Options(), Clients, timeProvider: Time, httpClient: http);

    /// <summary>A payload that passes every check at the fake clock's now.</summary>
    public Dictionary<string, object?> Payload(TimeSpan? expiresIn = null)
    {
        var now = Time.GetUtcNow().ToUnixTimeSeconds();
        return new()
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["sub"] = ClientId,
            ["client_id"] = ClientId,
            ["scope"] = "index:read records:write:graduate",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)(expiresIn ?? TimeSpan.FromMinutes(10)).TotalSeconds,
        };
    }

    public void Dispose()
    {
        Rsa.Dispose();
        Ec.Dispose();
        _folder.Dispose();
    }
}
