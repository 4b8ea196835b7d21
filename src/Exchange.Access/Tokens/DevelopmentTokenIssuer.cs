using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Exchange.Access.Tokens;

/// <summary>
/// Mints ES256 <c>at+jwt</c> access tokens for development and tests, with an EC P-256 key kept
/// in a folder: the private key as PKCS#8 PEM (mode 0600) and the public key as <c>jwks.json</c>
/// beside it, which the hub trusts through <see cref="TrustedIssuerOptions.JwksFile"/>.
/// Not for production: anyone who can read the folder can mint tokens.
/// </summary>
public sealed class DevelopmentTokenIssuer : IDisposable
{
    /// <summary>The issuer name used when none is given.</summary>
    public const string DefaultIssuer = "exchange-dev";

    /// <summary>The audience used when none is given.</summary>
    public const string DefaultAudience = "exchange-hub";

    /// <summary>The private key's file name inside the key folder.</summary>
    public const string PrivateKeyFileName = "signing-key.pem";

    /// <summary>The public JWKS's file name inside the key folder.</summary>
    public const string JwksFileName = "jwks.json";

    private readonly ECDsa _key;
    private readonly SigningCredentials _credentials;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly TimeProvider _time;

    private DevelopmentTokenIssuer(string keyDirectory, ECDsa key, TimeProvider time)
    {
        KeyDirectory = keyDirectory;
        _key = key;
        _time = time;
        KeyId = Thumbprint(key);
        _credentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = KeyId }, SecurityAlgorithms.EcdsaSha256);
    }

    /// <summary>The default key folder: <c>exchange/dev-keys</c> under the user's local application data.</summary>
    public static string DefaultKeyDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "exchange", "dev-keys");

    /// <summary>The folder holding the key pair.</summary>
    public string KeyDirectory { get; }

    /// <summary>The key id: the RFC 7638 SHA-256 thumbprint of the public key.</summary>
    public string KeyId { get; }

    /// <summary>The path of the public JWKS.</summary>
    public string JwksPath => Path.Combine(KeyDirectory, JwksFileName);

    /// <summary>Opens the key pair in the folder, creating the folder and the pair when missing.</summary>
    public static async Task<DevelopmentTokenIssuer> OpenAsync(string? keyDirectory, CancellationToken cancellationToken, TimeProvider? timeProvider = null)
    {
        var directory = Path.GetFullPath(keyDirectory ?? DefaultKeyDirectory);
        Directory.CreateDirectory(directory);
        var keyPath = Path.Combine(directory, PrivateKeyFileName);
        var key = ECDsa.Create();
        if (File.Exists(keyPath))
        {
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            key.ImportFromPem(await File.ReadAllTextAsync(keyPath, cancellationToken));
        }
        else
        {
            key.GenerateKey(ECCurve.NamedCurves.nistP256);
            await WritePrivateAsync(keyPath, key.ExportPkcs8PrivateKeyPem(), cancellationToken);
        }
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new InvalidOperationException($"{keyPath} does not hold an EC P-256 key.");
        }
        var issuer = new DevelopmentTokenIssuer(directory, key, timeProvider ?? TimeProvider.System);
        // Always rewritten, so that the JWKS matches the private key even if one was replaced by hand.
        await File.WriteAllTextAsync(issuer.JwksPath, issuer.PublicJwks(), cancellationToken);
        return issuer;
    }

    /// <summary>The options that make a validator trust this issuer's tokens.</summary>
    public TrustedIssuerOptions TrustedIssuer(string issuer = DefaultIssuer, string audience = DefaultAudience) => new()
    {
        Issuer = issuer,
        Audiences = [audience],
        Algorithms = [SecurityAlgorithms.EcdsaSha256],
        JwksFile = JwksPath,
    };

    /// <summary>Mints a signed <c>at+jwt</c> token for the client with these space-separated scopes.</summary>
    public string Mint(string clientId, string scope, TimeSpan lifetime, string issuer = DefaultIssuer, string audience = DefaultAudience)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var now = _time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = "at+jwt",
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Subject = new ClaimsIdentity([new Claim("sub", clientId)]),
            Claims = new Dictionary<string, object>
            {
                ["client_id"] = clientId,
                ["scope"] = scope,
                ["jti"] = Guid.NewGuid().ToString("N"),
            },
            SigningCredentials = _credentials,
        });
    }

    /// <summary>The public key as a JWKS document.</summary>
    public string PublicJwks()
    {
        var q = _key.ExportParameters(includePrivateParameters: false).Q;
        return JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new { kty = "EC", crv = "P-256", x = Base64UrlEncoder.Encode(q.X), y = Base64UrlEncoder.Encode(q.Y), kid = KeyId, use = "sig", alg = "ES256" },
            },
        });
    }

    /// <summary>RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace.</summary>
    internal static string Thumbprint(ECDsa key)
    {
        var q = key.ExportParameters(includePrivateParameters: false).Q;
        var canonical = $$"""{"crv":"P-256","kty":"EC","x":"{{Base64UrlEncoder.Encode(q.X)}}","y":"{{Base64UrlEncoder.Encode(q.Y)}}"}""";
        return Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));
    }

    private static async Task WritePrivateAsync(string path, string pem, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(pem.AsMemory(), cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
