using Microsoft.IdentityModel.Tokens;

namespace Exchange.Access.Tokens;

/// <summary>One configured issuer at run time: its keys and the fixed parameters its tokens are checked against.</summary>
internal sealed class TrustedIssuer : IDisposable
{
    public TrustedIssuer(TrustedIssuerOptions options, TimeSpan clockSkew, JwksKeySource keys, TimeProvider timeProvider)
    {
        Options = options;
        Keys = keys;
        Algorithms = new HashSet<string>(options.EffectiveAlgorithms, StringComparer.Ordinal);
        Parameters = new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidateIssuer = true,
            ValidAudiences = options.Audiences,
            ValidateAudience = true,
            RequireAudience = true,
            // The allow-list is the issuer's configuration, never the token's own choice.
            ValidAlgorithms = options.EffectiveAlgorithms,
            ValidTypes = options.EffectiveTokenTypes,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = clockSkew,
            LifetimeValidator = LifetimeCheck.For(timeProvider, clockSkew),
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            TryAllIssuerSigningKeys = false,
            // Only a key of this issuer's JWKS with exactly this kid; header keys (jwk, x5c, jku, x5u) never count.
            IssuerSigningKeyResolver = (_, _, kid, _) =>
                kid is not null && keys.TryGetKey(kid, out var key) ? [key.Key] : [],
            SaveSigninToken = false,
            LogValidationExceptions = false,
        };
    }

    public TrustedIssuerOptions Options { get; }

    public JwksKeySource Keys { get; }

    public IReadOnlySet<string> Algorithms { get; }

    public TokenValidationParameters Parameters { get; }

    public void Dispose() => Keys.Dispose();
}
