using Microsoft.IdentityModel.Tokens;

namespace Exchange.Access.Tokens;

/// <summary>
/// The lifetime rule, on an injectable clock (the handler's own reads the system clock):
/// <c>exp</c> required, <c>nbf</c> optional, both with the clock skew. Throws the handler's own
/// exception types so that the reason stays specific. The handler hands this rule a date whether
/// the token said <c>1999999999</c> or <c>"1999999999"</c>; the JSON type is judged before, by
/// <see cref="NumericDateCheck"/>.
/// </summary>
internal static class LifetimeCheck
{
    public static LifetimeValidator For(TimeProvider timeProvider, TimeSpan clockSkew) => (notBefore, expires, _, _) =>
    {
        if (expires is null)
            throw new SecurityTokenNoExpirationException("The token has no expiry.");
        if (notBefore is { } nbf && nbf > expires.Value)
            throw new SecurityTokenInvalidLifetimeException("The token's not-before is after its expiry.");
        var now = timeProvider.GetUtcNow().UtcDateTime;
        if (notBefore is { } start && start > now + clockSkew)
            throw new SecurityTokenNotYetValidException("The token is not yet valid.") { NotBefore = start };
        if (expires.Value < now - clockSkew)
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires.Value };
        return true;
    };
}
