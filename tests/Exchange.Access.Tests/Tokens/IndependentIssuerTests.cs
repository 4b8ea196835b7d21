using Exchange.Access.Tokens;
using Exchange.Testing;

namespace Exchange.Access.Tests.Tokens;

/// <summary>Tokens from an independent implementation (npm <c>jose</c>), so that the validator is not only checked against its own minting.</summary>
public sealed class IndependentIssuerTests : IDisposable
{
    private readonly IssuerFixture _issuer = new();
    private readonly TempFolder _folder = new("exchange-jose-tests");

    [Theory]
    [InlineData("ES256")]
    [InlineData("RS256")]
    public async Task Accepts_token_minted_by_jose_and_rejects_it_against_another_key(string alg)
    {
        var cancellationToken = TestTimeout.Token();
        var joseJwks = _folder.Combine($"jose-{alg}.json");
        var token = await JoseIssuer.MintAsync(alg, $"jose-{alg}", joseJwks, IssuerFixture.Issuer, IssuerFixture.Audience,
            IssuerFixture.ClientId, "index:read audit:read", cancellationToken);

        using (var validator = new JwtTokenValidator(_issuer.Options(o => o.JwksFile = joseJwks), _issuer.Clients))
        {
            var outcome = await validator.ValidateAsync(token, cancellationToken);
            Assert.Null(outcome.FailureReason);
            Assert.Equal(IssuerFixture.ClientId, outcome.Client!.ClientId);
            Assert.Equal(["index:read"], outcome.Client.Scopes);
        }

        // Another key under the same kid: only the signature can tell them apart.
        var otherJwks = _folder.Combine($"other-{alg}.json");
        await JoseIssuer.MintAsync(alg, $"jose-{alg}", otherJwks, IssuerFixture.Issuer, IssuerFixture.Audience, IssuerFixture.ClientId, "", cancellationToken);
        using (var validator = new JwtTokenValidator(_issuer.Options(o => o.JwksFile = otherJwks), _issuer.Clients))
        {
            var outcome = await validator.ValidateAsync(token, cancellationToken);
            Assert.Equal(TokenFailureReasons.Signature, outcome.FailureReason);
        }
    }

    public void Dispose()
    {
        _folder.Dispose();
        _issuer.Dispose();
    }
}
