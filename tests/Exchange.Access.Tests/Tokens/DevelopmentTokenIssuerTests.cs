using System.Security.Cryptography;
using Exchange.Access.Clients;
using Exchange.Access.Tokens;
using Exchange.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Exchange.Access.Tests.Tokens;

public sealed class DevelopmentTokenIssuerTests : IDisposable
{
    private readonly TempFolder _folder = new("exchange-devkeys-tests");

    private string KeyDirectory => _folder.Combine("keys");

    [Fact]
    public async Task Creates_a_private_key_readable_only_by_its_owner_and_a_public_jwks_beside_it()
    {
        using var issuer = await DevelopmentTokenIssuer.OpenAsync(KeyDirectory, TestTimeout.Token());

        var privateKey = Path.Combine(KeyDirectory, DevelopmentTokenIssuer.PrivateKeyFileName);
        Assert.True(File.Exists(privateKey));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privateKey));
        var jwks = new JsonWebKeySet(await File.ReadAllTextAsync(issuer.JwksPath));
        var key = Assert.Single(jwks.Keys);
        Assert.Equal(issuer.KeyId, key.Kid);
        Assert.False(key.HasPrivateKey);
    }

    [Fact]
    public async Task Key_id_is_the_RFC_7638_thumbprint()
    {
        using var issuer = await DevelopmentTokenIssuer.OpenAsync(KeyDirectory, TestTimeout.Token());
        var jwk = new JsonWebKeySet(await File.ReadAllTextAsync(issuer.JwksPath)).Keys[0];
        Assert.Equal(Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint()), issuer.KeyId);
    }

    [Fact]
    public void Key_id_matches_the_RFC_7638_example_construction_for_a_known_key()
    {
        // Thumbprint of a fixed key, computed independently by IdentityModel's converter.
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var expected = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ec)).ComputeJwkThumbprint();
        Assert.Equal(Base64UrlEncoder.Encode(expected), DevelopmentTokenIssuer.Thumbprint(ec));
    }

    [Fact]
    public async Task Reopening_the_folder_reuses_the_key()
    {
        string first;
        using (var issuer = await DevelopmentTokenIssuer.OpenAsync(KeyDirectory, TestTimeout.Token()))
            first = issuer.KeyId;
        using var again = await DevelopmentTokenIssuer.OpenAsync(KeyDirectory, TestTimeout.Token());
        Assert.Equal(first, again.KeyId);
    }

    [Fact]
    public async Task Minted_token_is_an_ES256_at_jwt_that_the_validator_accepts()
    {
        using var issuer = await DevelopmentTokenIssuer.OpenAsync(KeyDirectory, TestTimeout.Token());
        var token = issuer.Mint("matcher-1", "match index:read", TimeSpan.FromMinutes(5));

        var jwt = new JsonWebToken(token);
        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Equal(issuer.KeyId, jwt.Kid);
        foreach (var claim in new[] { "iss", "aud", "sub", "client_id", "scope", "iat", "nbf", "exp" })
            Assert.True(jwt.TryGetPayloadValue<object>(claim, out _), claim);

        var options = new TokenValidationOptions { Issuers = [issuer.TrustedIssuer()] };
        var clients = new InMemoryClientRegistry([(DevelopmentTokenIssuer.DefaultIssuer,
            new RegisteredClient("matcher-1", "91110000000000000X", PartyRole.Matcher, new HashSet<string> { Scopes.Match }))]);
        using var validator = new JwtTokenValidator(options, clients);
        var outcome = await validator.ValidateAsync(token, TestTimeout.Token());
        Assert.Null(outcome.FailureReason);
        Assert.Equal([Scopes.Match], outcome.Client!.Scopes);
    }

    public void Dispose() => _folder.Dispose();
}
