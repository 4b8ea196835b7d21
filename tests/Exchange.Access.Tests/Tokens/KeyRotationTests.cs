using Exchange.Access.Tokens;
using Exchange.Testing;

namespace Exchange.Access.Tests.Tokens;

/// <summary>Keys rotate without recreating the validator; unknown key ids cannot make the hub hammer the issuer.</summary>
public sealed class KeyRotationTests : IDisposable
{
    private readonly IssuerFixture _issuer = new();

    private async Task<string?> Reason(JwtTokenValidator validator, string token) =>
        (await validator.ValidateAsync(token, TestTimeout.Token())).FailureReason;

    [Fact]
    public async Task Replaced_jwks_file_is_picked_up_on_the_refresh_interval()
    {
        using var validator = _issuer.Validator();
        var keys = validator.KeysOf(IssuerFixture.Issuer)!;
        using var next = TestSigningKey.EllipticCurve("ec-2");
        var oldToken = _issuer.Ec.Sign(_issuer.Payload(TimeSpan.FromHours(1)));
        Assert.Null(await Reason(validator, oldToken));
        var firstLoad = keys.LatestLoad;

        File.WriteAllText(_issuer.JwksPath, TestSigningKey.Jwks(next));
        _issuer.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Same(firstLoad, keys.LatestLoad);
        // The fake clock runs the timer inside Advance, so the refresh it starts is there to await.
        _issuer.Time.Advance(TimeSpan.FromSeconds(1));
        var refresh = keys.LatestLoad;
        Assert.NotSame(firstLoad, refresh);
        Assert.True(await refresh!.WaitAsync(TestTimeout.Token()));
        Assert.Contains("ec-2", keys.KeyIds);

        Assert.Null(await Reason(validator, next.Sign(_issuer.Payload())));
        Assert.Equal(TokenFailureReasons.KeyUnknown, await Reason(validator, oldToken));
    }

    [Fact]
    public async Task Unknown_kid_on_first_use_costs_the_issuer_one_jwks_fetch_not_two()
    {
        await using var server = new LoopbackHttpServer();
        server.Serve(TestSigningKey.Jwks(_issuer.Ec));
        var url = server.Url("/jwks");
        using var http = new HttpClient();
        using var validator = _issuer.Validator(_issuer.Options(o => { o.JwksFile = null; o.JwksUrl = url; }), http);
        using var stranger = TestSigningKey.EllipticCurve("stranger");

        Assert.Equal(TokenFailureReasons.KeyUnknown, await Reason(validator, stranger.Sign(_issuer.Payload())));
        Assert.Equal(1, server.Requests(url.AbsolutePath));
    }

    [Fact]
    public async Task First_jwks_load_that_fails_is_not_retried_by_the_same_lookup_but_by_the_next()
    {
        await using var server = new LoopbackHttpServer();
        server.Serve("{}", status: 503);
        var url = server.Url("/jwks");
        using var http = new HttpClient();
        using var validator = _issuer.Validator(_issuer.Options(o => { o.JwksFile = null; o.JwksUrl = url; }), http);
        var token = _issuer.Ec.Sign(_issuer.Payload());

        Assert.Equal(TokenFailureReasons.KeyUnknown, await Reason(validator, token));
        Assert.Equal(1, server.Requests(url.AbsolutePath));

        server.Serve(TestSigningKey.Jwks(_issuer.Ec));
        Assert.Null(await Reason(validator, token));
        Assert.Equal(2, server.Requests(url.AbsolutePath));
    }

    [Fact]
    public async Task Hung_jwks_fetch_is_abandoned_when_the_injected_clock_passes_ten_seconds()
    {
        var hanging = new HangingHandler();
        using var http = new HttpClient(hanging);
        using var validator = _issuer.Validator(_issuer.Options(o => { o.JwksFile = null; o.JwksUrl = new Uri("http://127.0.0.1:9/jwks"); }), http);
        var keys = validator.KeysOf(IssuerFixture.Issuer)!;

        var refresh = keys.RefreshAsync(TestTimeout.Token());
        // Once the request is in flight its timeout is armed, on the fake clock.
        var fetch = await hanging.Entered.Task.WaitAsync(TestTimeout.Token());
        _issuer.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(fetch.IsCancellationRequested);
        _issuer.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(fetch.IsCancellationRequested);
        Assert.False(await refresh);
    }

    [Fact]
    public async Task Replaced_jwks_file_is_picked_up_on_an_explicit_refresh()
    {
        using var validator = _issuer.Validator();
        using var next = TestSigningKey.Rsa("rsa-2");
        var oldToken = _issuer.Rsa.Sign(_issuer.Payload());
        Assert.Null(await Reason(validator, oldToken));

        File.WriteAllText(_issuer.JwksPath, TestSigningKey.Jwks(next, _issuer.Ec));
        Assert.True(await validator.KeysOf(IssuerFixture.Issuer)!.RefreshAsync(TestTimeout.Token()));

        Assert.Null(await Reason(validator, next.Sign(_issuer.Payload())));
        Assert.Null(await Reason(validator, _issuer.Ec.Sign(_issuer.Payload())));
        Assert.Equal(TokenFailureReasons.KeyUnknown, await Reason(validator, oldToken));
    }

    [Fact]
    public async Task Jwks_over_http_rotates_and_unknown_kids_refresh_at_most_once_per_30_seconds()
    {
        await using var server = new LoopbackHttpServer();
        server.Serve(TestSigningKey.Jwks(_issuer.Ec));
        var url = server.Url("/.well-known/jwks.json");
        using var http = new HttpClient();
        using var validator = _issuer.Validator(_issuer.Options(o => { o.JwksFile = null; o.JwksUrl = url; }), http);

        Assert.Null(await Reason(validator, _issuer.Ec.Sign(_issuer.Payload(TimeSpan.FromHours(1)))));
        Assert.Equal(1, server.Requests(url.AbsolutePath));

        // The issuer rotates to a new key; the first token with its kid triggers a refresh at once.
        using var next = TestSigningKey.EllipticCurve("ec-2");
        server.Serve(TestSigningKey.Jwks(next));
        Assert.Null(await Reason(validator, next.Sign(_issuer.Payload())));
        Assert.Equal(2, server.Requests(url.AbsolutePath));
        Assert.Equal(TokenFailureReasons.KeyUnknown, await Reason(validator, _issuer.Ec.Sign(_issuer.Payload())));

        // Spraying unknown kids within 30 s of that refresh costs the issuer nothing.
        for (var i = 0; i < 20; i++)
        {
            using var spray = TestSigningKey.EllipticCurve($"spray-{i}");
            Assert.Equal(TokenFailureReasons.KeyUnknown, await Reason(validator, spray.Sign(_issuer.Payload())));
        }
        Assert.Equal(2, server.Requests(url.AbsolutePath));

        _issuer.Time.Advance(TimeSpan.FromSeconds(31));
        using var later = TestSigningKey.EllipticCurve("later");
        Assert.Equal(TokenFailureReasons.KeyUnknown, await Reason(validator, later.Sign(_issuer.Payload())));
        Assert.Equal(3, server.Requests(url.AbsolutePath));
    }

    [Fact]
    public async Task Jwks_that_fails_to_load_keeps_the_last_good_keys()
    {
        await using var server = new LoopbackHttpServer();
        server.Serve(TestSigningKey.Jwks(_issuer.Ec));
        using var http = new HttpClient();
        using var validator = _issuer.Validator(_issuer.Options(o => { o.JwksFile = null; o.JwksUrl = server.Url("/jwks"); }), http);
        var token = _issuer.Ec.Sign(_issuer.Payload());
        Assert.Null(await Reason(validator, token));

        var keys = validator.KeysOf(IssuerFixture.Issuer)!;
        server.Serve("{}", status: 500);
        Assert.False(await keys.RefreshAsync(TestTimeout.Token()));
        server.Serve("this is not json");
        Assert.False(await keys.RefreshAsync(TestTimeout.Token()));
        server.Serve("""{"keys": 7}""");
        Assert.False(await keys.RefreshAsync(TestTimeout.Token()));

        Assert.Null(await Reason(validator, token));
    }

    [Fact]
    public async Task Missing_jwks_file_keeps_the_last_good_keys()
    {
        using var validator = _issuer.Validator();
        var token = _issuer.Rsa.Sign(_issuer.Payload());
        Assert.Null(await Reason(validator, token));

        File.Delete(_issuer.JwksPath);
        Assert.False(await validator.KeysOf(IssuerFixture.Issuer)!.RefreshAsync(TestTimeout.Token()));
        Assert.Null(await Reason(validator, token));
    }

    [Fact]
    public async Task Jwks_key_bound_to_an_algorithm_refuses_tokens_of_another_algorithm()
    {
        var jwk = _issuer.Rsa.PublicJwk();
        jwk["alg"] = "PS256";
        File.WriteAllText(_issuer.JwksPath, System.Text.Json.JsonSerializer.Serialize(new { keys = new[] { jwk } }));
        using var validator = _issuer.Validator();

        Assert.Null(await Reason(validator, _issuer.Rsa.Sign(_issuer.Payload(), algorithm: "PS256")));
        Assert.Equal(TokenFailureReasons.Algorithm, await Reason(validator, _issuer.Rsa.Sign(_issuer.Payload(), algorithm: "RS256")));
    }

    [Fact]
    public async Task Two_jwks_keys_under_one_kid_are_both_distrusted()
    {
        using var twin = TestSigningKey.EllipticCurve("ec-1");
        File.WriteAllText(_issuer.JwksPath, TestSigningKey.Jwks(_issuer.Ec, twin));
        using var validator = _issuer.Validator();
        Assert.Equal(TokenFailureReasons.KeyUnknown, await Reason(validator, _issuer.Ec.Sign(_issuer.Payload())));
    }

    /// <summary>An issuer that accepts the JWKS request and never answers; it hands the test the request's cancellation.</summary>
    private sealed class HangingHandler : HttpMessageHandler
    {
        public TaskCompletionSource<CancellationToken> Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Entered.TrySetResult(cancellationToken);
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("A request without a timeout cannot end here.");
        }
    }

    public void Dispose() => _issuer.Dispose();
}
