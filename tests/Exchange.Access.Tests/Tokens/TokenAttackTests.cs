using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Exchange.Access.Tokens;
using Exchange.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Exchange.Access.Tests.Tokens;

/// <summary>The attacks of RFC 8725 (JWT best current practices), each refused with its own reason.</summary>
public sealed class TokenAttackTests : IDisposable
{
    private readonly IssuerFixture _issuer = new();
    private readonly JwtTokenValidator _validator;

    public TokenAttackTests() => _validator = _issuer.Validator();

    private async Task AssertRejected(string token, params string[] reasons)
    {
        var outcome = await _validator.ValidateAsync(token, TestTimeout.Token());
        Assert.False(outcome.IsValid);
        Assert.Contains(outcome.FailureReason, reasons);
    }

    [Fact]
    public async Task Rejects_alg_none_token_with_empty_signature()
    {
        var token = TestSigningKey.Encode(new { alg = "none", typ = "at+jwt", kid = "rsa-1" }) + "." + TestSigningKey.Encode(_issuer.Payload()) + ".";
        await AssertRejected(token, TokenFailureReasons.Algorithm);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NONE")]
    public async Task Rejects_alg_none_in_any_spelling_even_with_a_valid_looking_signature(string alg)
    {
        var signed = _issuer.Rsa.Sign(_issuer.Payload()).Split('.');
        var token = TestSigningKey.Encode(new { alg, typ = "at+jwt", kid = "rsa-1" }) + "." + signed[1] + "." + signed[2];
        await AssertRejected(token, TokenFailureReasons.Algorithm);
    }

    [Fact]
    public async Task Rejects_HS256_token_signed_with_the_RSA_public_key_as_HMAC_secret()
    {
        var signingInput = TestSigningKey.Encode(new { alg = "HS256", typ = "at+jwt", kid = "rsa-1" }) + "." + TestSigningKey.Encode(_issuer.Payload());
        var mac = HMACSHA256.HashData(_issuer.Rsa.PublicKeyBytes(), Encoding.ASCII.GetBytes(signingInput));
        await AssertRejected(signingInput + "." + Base64UrlEncoder.Encode(mac), TokenFailureReasons.Algorithm);
    }

    [Fact]
    public async Task Rejects_token_expired_beyond_the_clock_skew()
    {
        var payload = _issuer.Payload();
        _issuer.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(31));
        await AssertRejected(_issuer.Ec.Sign(payload), TokenFailureReasons.Expired);
    }

    [Fact]
    public async Task Rejects_token_not_yet_valid()
    {
        var payload = _issuer.Payload();
        payload["nbf"] = _issuer.Time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds();
        await AssertRejected(_issuer.Ec.Sign(payload), TokenFailureReasons.NotYetValid);
    }

    [Fact]
    public async Task Rejects_token_without_expiry()
    {
        var payload = _issuer.Payload();
        payload.Remove("exp");
        await AssertRejected(_issuer.Ec.Sign(payload), TokenFailureReasons.LifetimeMissing);
    }

    [Fact]
    public async Task Rejects_a_future_exp_given_as_a_numeric_string()
    {
        var payload = _issuer.Payload();
        payload["exp"] = "1999999999";
        await AssertRejected(_issuer.Ec.Sign(payload), TokenFailureReasons.ClaimType);
    }

    [Theory]
    [InlineData("exp")]
    [InlineData("nbf")]
    [InlineData("iat")]
    public async Task Rejects_a_NumericDate_given_as_a_string_of_its_own_valid_value(string claim)
    {
        var payload = _issuer.Payload();
        payload[claim] = Convert.ToString(payload[claim], CultureInfo.InvariantCulture);
        await AssertRejected(_issuer.Ec.Sign(payload), TokenFailureReasons.ClaimType);
    }

    [Theory]
    [InlineData("exp", "true")]
    [InlineData("exp", """{"at": 1999999999}""")]
    [InlineData("exp", "[1999999999]")]
    [InlineData("exp", "null")]
    [InlineData("exp", "\"tomorrow\"")]
    [InlineData("nbf", "false")]
    [InlineData("iat", "[1999999999]")]
    public async Task Rejects_a_NumericDate_of_a_json_type_other_than_number(string claim, string json)
    {
        var payload = _issuer.Payload();
        payload[claim] = JsonSerializer.Deserialize<JsonElement>(json);
        await AssertRejected(_issuer.Ec.Sign(payload), TokenFailureReasons.ClaimType);
    }

    [Fact]
    public async Task Rejects_a_string_exp_behind_an_escaped_claim_name()
    {
        // "\u0065xp" is "exp" to every JSON parser, the token library's included.
        var now = _issuer.Time.GetUtcNow().ToUnixTimeSeconds();
        var payload = $$"""{"iss":"{{IssuerFixture.Issuer}}","aud":"{{IssuerFixture.Audience}}","client_id":"{{IssuerFixture.ClientId}}","nbf":{{now}},"\u0065xp":"{{now + 600}}"}""";
        await AssertRejected(_issuer.Ec.SignJson(payload), TokenFailureReasons.ClaimType);
    }

    [Fact]
    public async Task Rejects_a_string_exp_hidden_before_a_duplicate_numeric_exp()
    {
        // The library keeps the last of duplicate members; every one of them must be a number.
        var now = _issuer.Time.GetUtcNow().ToUnixTimeSeconds();
        var payload = $$"""{"iss":"{{IssuerFixture.Issuer}}","aud":"{{IssuerFixture.Audience}}","client_id":"{{IssuerFixture.ClientId}}","exp":"{{now + 600}}","exp":{{now + 600}}}""";
        await AssertRejected(_issuer.Ec.SignJson(payload), TokenFailureReasons.ClaimType);
    }

    [Fact]
    public async Task Accepts_NumericDates_given_as_json_numbers_fractions_included()
    {
        var now = _issuer.Time.GetUtcNow().ToUnixTimeSeconds();
        var payload = _issuer.Payload();
        Assert.True((await _validator.ValidateAsync(_issuer.Ec.Sign(payload), TestTimeout.Token())).IsValid);

        payload["exp"] = now + 600.5;
        payload["iat"] = now - 0.25;
        Assert.True((await _validator.ValidateAsync(_issuer.Ec.Sign(payload), TestTimeout.Token())).IsValid);
    }

    [Fact]
    public async Task Accepts_a_string_exp_nested_inside_another_claim()
    {
        // Only the token's own exp, nbf and iat are NumericDates; a member of an object claim is not.
        var payload = _issuer.Payload();
        payload["act"] = new { sub = "batch-job", exp = "1999999999" };
        Assert.True((await _validator.ValidateAsync(_issuer.Ec.Sign(payload), TestTimeout.Token())).IsValid);
    }

    [Fact]
    public async Task Rejects_token_of_an_issuer_that_is_not_trusted()
    {
        var payload = _issuer.Payload();
        payload["iss"] = "https://evil.example";
        await AssertRejected(_issuer.Ec.Sign(payload), TokenFailureReasons.Issuer);
    }

    [Fact]
    public async Task Rejects_token_without_issuer()
    {
        var payload = _issuer.Payload();
        payload.Remove("iss");
        await AssertRejected(_issuer.Ec.Sign(payload), TokenFailureReasons.Issuer);
    }

    [Fact]
    public async Task Rejects_token_for_another_audience()
    {
        var payload = _issuer.Payload();
        payload["aud"] = "some-other-api";
        await AssertRejected(_issuer.Ec.Sign(payload), TokenFailureReasons.Audience);
    }

    [Theory]
    [InlineData("id_token+jwt")]
    [InlineData("JWE")]
    [InlineData(null)]
    public async Task Rejects_token_whose_typ_is_not_accepted(string? typ)
    {
        var token = _issuer.Ec.Sign(_issuer.Payload(), new Dictionary<string, object?> { ["typ"] = typ });
        await AssertRejected(token, TokenFailureReasons.Type);
    }

    [Fact]
    public async Task Rejects_token_whose_kid_is_not_in_the_issuers_jwks()
    {
        using var stranger = TestSigningKey.EllipticCurve("unknown-kid");
        await AssertRejected(stranger.Sign(_issuer.Payload()), TokenFailureReasons.KeyUnknown);
    }

    [Fact]
    public async Task Rejects_token_without_kid()
    {
        var token = _issuer.Ec.Sign(_issuer.Payload(), new Dictionary<string, object?> { ["kid"] = null });
        await AssertRejected(token, TokenFailureReasons.KeyUnknown);
    }

    [Theory]
    [InlineData("../../dev/null")]
    [InlineData("/etc/passwd")]
    [InlineData("' or 1=1 --")]
    [InlineData("ec-1' --")]
    public async Task Rejects_kid_carrying_a_path_or_sql(string kid)
    {
        var token = _issuer.Ec.Sign(_issuer.Payload(), new Dictionary<string, object?> { ["kid"] = kid });
        await AssertRejected(token, TokenFailureReasons.KeyUnknown);
    }

    [Fact]
    public async Task Rejects_token_whose_jku_points_to_an_attacker_jwks_and_never_fetches_it()
    {
        await using var attackerServer = new LoopbackHttpServer();
        using var attacker = TestSigningKey.EllipticCurve("attacker-1");
        attackerServer.Serve(TestSigningKey.Jwks(attacker));
        var jku = attackerServer.Url("/attacker/jwks.json").ToString();

        // Under its own kid, and under the trusted kid.
        var ownKid = attacker.Sign(_issuer.Payload(), new Dictionary<string, object?> { ["jku"] = jku });
        var trustedKid = attacker.Sign(_issuer.Payload(), new Dictionary<string, object?> { ["jku"] = jku, ["kid"] = "ec-1" });

        await AssertRejected(ownKid, TokenFailureReasons.KeyUnknown, TokenFailureReasons.Signature);
        await AssertRejected(trustedKid, TokenFailureReasons.KeyUnknown, TokenFailureReasons.Signature);
        Assert.Equal(0, attackerServer.TotalRequests());
    }

    [Fact]
    public async Task Rejects_token_whose_x5u_points_to_an_attacker_and_never_fetches_it()
    {
        await using var attackerServer = new LoopbackHttpServer();
        using var attacker = TestSigningKey.Rsa("attacker-rsa");
        var token = attacker.Sign(_issuer.Payload(), new Dictionary<string, object?> { ["x5u"] = attackerServer.Url("/cert.pem").ToString(), ["kid"] = "rsa-1" });
        await AssertRejected(token, TokenFailureReasons.Signature);
        Assert.Equal(0, attackerServer.TotalRequests());
    }

    [Fact]
    public async Task Rejects_token_that_embeds_the_attackers_own_key_in_a_jwk_header()
    {
        using var attacker = TestSigningKey.EllipticCurve("ec-1");
        var token = attacker.Sign(_issuer.Payload(), new Dictionary<string, object?> { ["jwk"] = attacker.PublicJwk() });
        await AssertRejected(token, TokenFailureReasons.Signature);
    }

    [Fact]
    public async Task Rejects_token_whose_payload_was_tampered_with()
    {
        var parts = _issuer.Ec.Sign(_issuer.Payload()).Split('.');
        var payload = _issuer.Payload();
        payload["scope"] = "index:read audit:read consent:manage";
        await AssertRejected(parts[0] + "." + TestSigningKey.Encode(payload) + "." + parts[2], TokenFailureReasons.Signature);
    }

    [Fact]
    public async Task Rejects_token_whose_signature_was_stripped()
    {
        var parts = _issuer.Rsa.Sign(_issuer.Payload()).Split('.');
        await AssertRejected(parts[0] + "." + parts[1] + ".", TokenFailureReasons.Signature);
    }

    [Fact]
    public async Task Rejects_token_signed_by_the_wrong_key_under_a_trusted_kid()
    {
        using var impostor = TestSigningKey.Rsa("rsa-1");
        await AssertRejected(impostor.Sign(_issuer.Payload()), TokenFailureReasons.Signature);
    }

    [Fact]
    public async Task Rejects_algorithm_that_does_not_fit_the_key_named_by_kid()
    {
        // ES256 header, but the kid names the RSA key.
        var token = _issuer.Ec.Sign(_issuer.Payload(), new Dictionary<string, object?> { ["kid"] = "rsa-1" });
        await AssertRejected(token, TokenFailureReasons.Signature, TokenFailureReasons.Algorithm);
    }

    [Fact]
    public async Task Rejects_algorithm_that_the_issuer_does_not_allow()
    {
        using var validator = _issuer.Validator(_issuer.Options(o => { o.Algorithms.Clear(); o.Algorithms.Add("ES256"); }));
        var outcome = await validator.ValidateAsync(_issuer.Rsa.Sign(_issuer.Payload()), TestTimeout.Token());
        Assert.Equal(TokenFailureReasons.Algorithm, outcome.FailureReason);
    }

    [Fact]
    public async Task Rejects_a_one_megabyte_token_before_parsing_it()
    {
        var payload = _issuer.Payload();
        payload["padding"] = new string('a', 1024 * 1024);
        await AssertRejected(_issuer.Ec.Sign(payload), TokenFailureReasons.TooLarge);
    }

    [Fact]
    public async Task Rejects_a_compressed_JWE()
    {
        var header = TestSigningKey.Encode(new { alg = "RSA-OAEP", enc = "A256GCM", zip = "DEF", kid = "rsa-1" });
        var random = () => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        await AssertRejected($"{header}.{random()}.{random()}.{random()}.{random()}", TokenFailureReasons.Encrypted);
    }

    [Fact]
    public async Task Rejects_a_JWS_whose_header_claims_encryption()
    {
        var token = _issuer.Ec.Sign(_issuer.Payload(), new Dictionary<string, object?> { ["enc"] = "A256GCM" });
        await AssertRejected(token, TokenFailureReasons.Encrypted);
    }

    [Fact]
    public async Task Rejects_a_token_naming_a_critical_extension()
    {
        var token = _issuer.Ec.Sign(_issuer.Payload(), new Dictionary<string, object?> { ["crit"] = new[] { "b64" }, ["b64"] = false });
        await AssertRejected(token, TokenFailureReasons.Malformed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Rejects_a_missing_token(string? token) => await AssertRejected(token!, TokenFailureReasons.Missing);

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("!!!.@@@.###")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln")]
    public async Task Rejects_malformed_tokens(string token) => await AssertRejected(token, TokenFailureReasons.Malformed);

    [Fact]
    public async Task Rejects_header_and_claims_of_the_wrong_json_type_without_throwing()
    {
        var numericKid = _issuer.Ec.Sign(_issuer.Payload(), new Dictionary<string, object?> { ["kid"] = 42 });
        var arrayAlg = TestSigningKey.Encode(new { alg = new[] { "ES256" }, kid = "ec-1", typ = "at+jwt" }) + "." + TestSigningKey.Encode(_issuer.Payload()) + ".c2ln";
        var numericIssuer = _issuer.Payload();
        numericIssuer["iss"] = 7;
        var arrayClient = _issuer.Payload();
        arrayClient["client_id"] = new[] { IssuerFixture.ClientId };
        arrayClient["sub"] = new { id = IssuerFixture.ClientId };

        await AssertRejected(numericKid, TokenFailureReasons.KeyUnknown, TokenFailureReasons.Malformed);
        await AssertRejected(arrayAlg, TokenFailureReasons.Algorithm, TokenFailureReasons.Malformed);
        await AssertRejected(_issuer.Ec.Sign(numericIssuer), TokenFailureReasons.Issuer, TokenFailureReasons.Malformed);
        await AssertRejected(_issuer.Ec.Sign(arrayClient), TokenFailureReasons.ClientUnknown, TokenFailureReasons.Malformed);
    }

    public void Dispose()
    {
        _validator.Dispose();
        _issuer.Dispose();
    }
}
