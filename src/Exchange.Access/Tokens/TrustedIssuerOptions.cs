using System.Globalization;

namespace Exchange.Access.Tokens;

/// <summary>One issuer whose tokens are accepted, and the keys and claims it must use.</summary>
public sealed class TrustedIssuerOptions
{
    /// <summary>Algorithms accepted when none are configured.</summary>
    public static readonly IReadOnlyList<string> DefaultAlgorithms = ["RS256", "PS256", "ES256"];

    /// <summary><c>typ</c> header values accepted when none are configured.</summary>
    public static readonly IReadOnlyList<string> DefaultTokenTypes = ["at+jwt", "JWT"];

    /// <summary>Asymmetric algorithms that may be allowed. <c>none</c> and <c>HS*</c> never are (RFC 8725 §2.1, §3.1).</summary>
    public static readonly IReadOnlySet<string> SupportedAlgorithms = new HashSet<string>(StringComparer.Ordinal)
    {
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
    };

    /// <summary>The exact <c>iss</c> value of its tokens; <c>exchange token</c> mints them as <c>exchange-dev</c>.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>Accepted <c>aud</c> values; at least one. <c>exchange token</c> mints for <c>exchange-hub</c>.</summary>
    public List<string> Audiences { get; init; } = [];

    /// <summary>The allow-list of signature algorithms; empty means RS256, PS256 and ES256 (<see cref="DefaultAlgorithms"/>).</summary>
    public List<string> Algorithms { get; init; } = [];

    /// <summary>A local JWKS file holding the issuer's public keys (for <c>exchange token</c>, the <c>jwks.json</c> it prints); exactly one of this and <see cref="JwksUrl"/>.</summary>
    public string? JwksFile { get; set; }

    /// <summary>An HTTPS (or loopback HTTP) address of the issuer's JWKS; exactly one of this and <see cref="JwksFile"/>.</summary>
    public Uri? JwksUrl { get; set; }

    /// <summary>How often the JWKS is reloaded so that keys rotate without a restart; default 5 minutes.</summary>
    public TimeSpan JwksRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Accepted <c>typ</c> header values; empty means <c>at+jwt</c> and <c>JWT</c> (<see cref="DefaultTokenTypes"/>).</summary>
    public List<string> TokenTypes { get; init; } = [];

    /// <summary>The algorithms in force: the configured ones, else the defaults.</summary>
    public IReadOnlyList<string> EffectiveAlgorithms => Algorithms.Count > 0 ? Algorithms : DefaultAlgorithms;

    /// <summary>The token types in force: the configured ones, else the defaults.</summary>
    public IReadOnlyList<string> EffectiveTokenTypes => TokenTypes.Count > 0 ? TokenTypes : DefaultTokenTypes;

    internal IEnumerable<string> Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Issuer))
            yield return $"{path}:Issuer is required.";
        if (Audiences.Count == 0 || Audiences.Exists(string.IsNullOrWhiteSpace))
            yield return $"{path}:Audiences needs at least one non-empty audience.";
        foreach (var algorithm in EffectiveAlgorithms)
        {
            if (!SupportedAlgorithms.Contains(algorithm))
                yield return $"{path}:Algorithms: '{algorithm}' is not allowed; use asymmetric algorithms only ({string.Join(", ", SupportedAlgorithms)}).";
        }
        if (TokenTypes.Exists(string.IsNullOrWhiteSpace))
            yield return $"{path}:TokenTypes must not hold an empty value.";
        var hasFile = !string.IsNullOrWhiteSpace(JwksFile);
        if (hasFile == (JwksUrl is not null))
            yield return $"{path}: set exactly one of JwksFile and JwksUrl.";
        if (JwksUrl is not null && !IsAcceptableUrl(JwksUrl))
            yield return $"{path}:JwksUrl must be an absolute https address (http only on loopback).";
        if (JwksRefreshInterval < TimeSpan.FromSeconds(1))
            yield return string.Create(CultureInfo.InvariantCulture, $"{path}:JwksRefreshInterval must be at least one second, not {JwksRefreshInterval}.");
    }

    private static bool IsAcceptableUrl(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback));
}
