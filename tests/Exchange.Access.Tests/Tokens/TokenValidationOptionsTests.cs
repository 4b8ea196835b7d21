using Exchange.Access.Tokens;

namespace Exchange.Access.Tests.Tokens;

public sealed class TokenValidationOptionsTests
{
    private static TokenValidationOptions Options(Action<TrustedIssuerOptions>? configure = null)
    {
        var issuer = new TrustedIssuerOptions { Issuer = "https://idp.example", Audiences = ["exchange-hub"], JwksFile = "/etc/exchange/jwks.json" };
        configure?.Invoke(issuer);
        return new TokenValidationOptions { Issuers = [issuer] };
    }

    [Fact]
    public void Defaults_are_asymmetric_algorithms_at_jwt_types_30s_skew_and_8_KiB()
    {
        var options = Options();
        Assert.Empty(options.Validate());
        Assert.Equal(["RS256", "PS256", "ES256"], options.Issuers[0].EffectiveAlgorithms);
        Assert.Equal(["at+jwt", "JWT"], options.Issuers[0].EffectiveTokenTypes);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ClockSkew);
        Assert.Equal(8192, options.MaxTokenBytes);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Issuers[0].JwksRefreshInterval);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("HS384")]
    [InlineData("HS512")]
    [InlineData("hs256")]
    public void Refuses_none_and_symmetric_algorithms_even_when_configured(string algorithm)
    {
        var options = Options(o => o.Algorithms.AddRange(["ES256", algorithm]));
        Assert.Contains(options.Validate(), p => p.Contains(algorithm, StringComparison.Ordinal));
        Assert.Throws<InvalidOperationException>(() => new JwtTokenValidator(options, new InMemoryClientRegistry([])));
    }

    [Fact]
    public void Refuses_clock_skew_above_60_seconds()
    {
        var options = Options();
        options.ClockSkew = TimeSpan.FromSeconds(61);
        Assert.NotEmpty(options.Validate());
        options.ClockSkew = TimeSpan.FromSeconds(60);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Requires_exactly_one_of_jwks_file_and_jwks_url()
    {
        Assert.NotEmpty(Options(o => o.JwksUrl = new Uri("https://idp.example/jwks")).Validate());
        Assert.NotEmpty(Options(o => o.JwksFile = null).Validate());
        Assert.Empty(Options(o => { o.JwksFile = null; o.JwksUrl = new Uri("https://idp.example/jwks"); }).Validate());
    }

    [Fact]
    public void Refuses_plain_http_jwks_url_except_on_loopback()
    {
        Assert.NotEmpty(Options(o => { o.JwksFile = null; o.JwksUrl = new Uri("http://idp.example/jwks"); }).Validate());
        Assert.Empty(Options(o => { o.JwksFile = null; o.JwksUrl = new Uri("http://127.0.0.1:8080/jwks"); }).Validate());
    }

    [Fact]
    public void Requires_issuer_and_audience()
    {
        Assert.NotEmpty(Options(o => o.Issuer = "").Validate());
        Assert.NotEmpty(Options(o => o.Audiences.Clear()).Validate());
    }

    [Fact]
    public void Refuses_the_same_issuer_twice()
    {
        var options = Options();
        options.Issuers.Add(options.Issuers[0]);
        Assert.NotEmpty(options.Validate());
    }
}
