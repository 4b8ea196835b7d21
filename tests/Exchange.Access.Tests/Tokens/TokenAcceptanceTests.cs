using Exchange.Access.Clients;
using Exchange.Access.Tokens;
using Exchange.Testing;

namespace Exchange.Access.Tests.Tokens;

public sealed class TokenAcceptanceTests : IDisposable
{
    private readonly IssuerFixture _issuer = new();

    [Theory]
    [InlineData("RS256")]
    [InlineData("PS256")]
    [InlineData("ES256")]
    public async Task Accepts_token_signed_with_an_allowed_algorithm(string algorithm)
    {
        using var validator = _issuer.Validator();
        var key = algorithm == "ES256" ? _issuer.Ec : _issuer.Rsa;
        var outcome = await validator.ValidateAsync(key.Sign(_issuer.Payload(), algorithm: algorithm), TestTimeout.Token());

        Assert.Null(outcome.FailureReason);
        Assert.Equal(IssuerFixture.ClientId, outcome.Client!.ClientId);
        Assert.Equal("12100000400000624D", outcome.Client.Organisation);
        Assert.Equal(PartyRole.University, outcome.Client.Role);
    }

    [Theory]
    [InlineData("JWT")]
    [InlineData("at+jwt")]
    public async Task Accepts_the_default_token_types(string typ)
    {
        using var validator = _issuer.Validator();
        var token = _issuer.Ec.Sign(_issuer.Payload(), new Dictionary<string, object?> { ["typ"] = typ });
        Assert.True((await validator.ValidateAsync(token, TestTimeout.Token())).IsValid);
    }

    [Fact]
    public async Task Accepts_token_without_nbf()
    {
        using var validator = _issuer.Validator();
        var payload = _issuer.Payload();
        payload.Remove("nbf");
        Assert.True((await validator.ValidateAsync(_issuer.Ec.Sign(payload), TestTimeout.Token())).IsValid);
    }

    [Theory]
    [InlineData(59, true)]
    [InlineData(61, false)]
    public async Task Expired_token_is_accepted_only_within_the_clock_skew(int secondsPastExpiry, bool accepted)
    {
        using var validator = _issuer.Validator(_issuer.Options(clockSkew: TimeSpan.FromSeconds(60)));
        var token = _issuer.Ec.Sign(_issuer.Payload(TimeSpan.FromMinutes(5)));
        _issuer.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(secondsPastExpiry));

        var outcome = await validator.ValidateAsync(token, TestTimeout.Token());
        Assert.Equal(accepted ? null : TokenFailureReasons.Expired, outcome.FailureReason);
    }

    [Theory]
    [InlineData(59, true)]
    [InlineData(61, false)]
    public async Task Early_token_is_accepted_only_within_the_clock_skew(int secondsBeforeNotBefore, bool accepted)
    {
        using var validator = _issuer.Validator(_issuer.Options(clockSkew: TimeSpan.FromSeconds(60)));
        var payload = _issuer.Payload();
        payload["nbf"] = _issuer.Time.GetUtcNow().AddSeconds(secondsBeforeNotBefore).ToUnixTimeSeconds();

        var outcome = await validator.ValidateAsync(_issuer.Ec.Sign(payload), TestTimeout.Token());
        Assert.Equal(accepted ? null : TokenFailureReasons.NotYetValid, outcome.FailureReason);
    }

    [Fact]
    public async Task Accepts_any_of_the_configured_audiences_in_an_audience_array()
    {
        using var validator = _issuer.Validator(_issuer.Options(o => o.Audiences.Add("exchange-reports")));
        var payload = _issuer.Payload();
        payload["aud"] = new[] { "somebody-else", "exchange-reports" };
        Assert.True((await validator.ValidateAsync(_issuer.Ec.Sign(payload), TestTimeout.Token())).IsValid);
    }

    public void Dispose() => _issuer.Dispose();
}
