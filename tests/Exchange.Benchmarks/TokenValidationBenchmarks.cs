using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Exchange.Access.Clients;
using Exchange.Access.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Exchange.Benchmarks;

/// <summary>
/// Validating one bearer token end to end (size and header checks, key lookup, signature,
/// claims, client registry) with the issuer's keys already cached. Tokens per second on one
/// core is 1 s divided by the Mean; the target is 20,000 (50 µs). The <c>SignatureOnly</c>
/// benchmarks measure the bare signature check of the same tokens: the floor no JWT library can beat.
/// </summary>
[MemoryDiagnoser]
public class TokenValidationBenchmarks
{
    private const string ClientId = "bench-client";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"exchange-token-bench-{Guid.NewGuid():N}");
    private DevelopmentTokenIssuer _ecIssuer = null!;
    private RSA _rsa = null!;
    private JwtTokenValidator _validator = null!;
    private string _es256 = "";
    private string _rs256 = "";
    private ECDsa _ecPublic = null!;
    private byte[] _es256Input = [];
    private byte[] _es256Signature = [];
    private byte[] _rs256Input = [];
    private byte[] _rs256Signature = [];

    [GlobalSetup]
    public void Setup()
    {
        _ecIssuer = DevelopmentTokenIssuer.OpenAsync(_folder, CancellationToken.None).GetAwaiter().GetResult();
        _es256 = _ecIssuer.Mint(ClientId, "index:read match", TimeSpan.FromHours(2));

        _rsa = RSA.Create(2048);
        var rsaKey = new RsaSecurityKey(_rsa) { KeyId = "rsa-bench" };
        _rs256 = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            TokenType = "at+jwt",
            Issuer = DevelopmentTokenIssuer.DefaultIssuer,
            Audience = DevelopmentTokenIssuer.DefaultAudience,
            Subject = new ClaimsIdentity([new Claim("sub", ClientId)]),
            Claims = new Dictionary<string, object> { ["client_id"] = ClientId, ["scope"] = "index:read match" },
            Expires = DateTime.UtcNow.AddHours(2),
            SigningCredentials = new SigningCredentials(rsaKey, SecurityAlgorithms.RsaSha256),
        });

        // One JWKS holding both keys.
        var ecJwk = JsonDocument.Parse(_ecIssuer.PublicJwks()).RootElement.GetProperty("keys")[0];
        var rsaJwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = "rsa-bench" });
        var jwksPath = Path.Combine(_folder, "bench-jwks.json");
        File.WriteAllText(jwksPath, JsonSerializer.Serialize(new
        {
            keys = new object[] { ecJwk, new { kty = "RSA", kid = rsaJwk.Kid, n = rsaJwk.N, e = rsaJwk.E, use = "sig" } },
        }));

        var issuer = _ecIssuer.TrustedIssuer();
        issuer.Algorithms.Add(SecurityAlgorithms.RsaSha256);
        issuer.JwksFile = jwksPath;
        var clients = new InMemoryClientRegistry([(DevelopmentTokenIssuer.DefaultIssuer,
            new RegisteredClient(ClientId, "91110000000000000X", PartyRole.Matcher, new HashSet<string> { Scopes.IndexRead, Scopes.Match }))]);
        _validator = new JwtTokenValidator(new TokenValidationOptions { Issuers = [issuer] }, clients);
        (_es256Input, _es256Signature) = Split(_es256);
        (_rs256Input, _rs256Signature) = Split(_rs256);
        _ecPublic = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(ecJwk.GetProperty("x").GetString()), Y = Base64UrlEncoder.DecodeBytes(ecJwk.GetProperty("y").GetString()) },
        });
        if (!Es256SignatureOnly() || !Rs256SignatureOnly())
            throw new InvalidOperationException("The raw signatures must verify.");
        if (!Es256().IsValid || !Rs256().IsValid)
            throw new InvalidOperationException("The benchmark tokens must be valid.");
    }

    [Benchmark(Baseline = true)]
    public TokenValidationOutcome Es256() => _validator.ValidateAsync(_es256, CancellationToken.None).GetAwaiter().GetResult();

    [Benchmark]
    public TokenValidationOutcome Rs256() => _validator.ValidateAsync(_rs256, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The floor: the bare ECDSA P-256 verification of the same token, no JWT work.</summary>
    [Benchmark]
    public bool Es256SignatureOnly() => _ecPublic.VerifyData(_es256Input, _es256Signature, HashAlgorithmName.SHA256);

    /// <summary>The floor: the bare RSA-2048 PKCS#1 verification of the same token, no JWT work.</summary>
    [Benchmark]
    public bool Rs256SignatureOnly() => _rsa.VerifyData(_rs256Input, _rs256Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    private static (byte[] Input, byte[] Signature) Split(string token)
    {
        var lastDot = token.LastIndexOf('.');
        return (System.Text.Encoding.ASCII.GetBytes(token[..lastDot]), Base64UrlEncoder.DecodeBytes(token[(lastDot + 1)..]));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _validator.Dispose();
        _ecIssuer.Dispose();
        _rsa.Dispose();
        _ecPublic.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
