namespace Exchange.Access.Tokens;

/// <summary>The stable reasons a token is rejected for (<see cref="TokenValidationOutcome.FailureReason"/>).</summary>
public static class TokenFailureReasons
{
    /// <summary>No token was presented.</summary>
    public const string Missing = "token.missing";
    /// <summary>The token is longer than <see cref="TokenValidationOptions.MaxTokenBytes"/>.</summary>
    public const string TooLarge = "token.too-large";
    /// <summary>The token is not a well-formed JWS compact serialisation.</summary>
    public const string Malformed = "token.malformed";
    /// <summary>The token is a JWE; the hub accepts signed tokens only.</summary>
    public const string Encrypted = "token.encrypted";
    /// <summary>The <c>alg</c> header is not on the issuer's allow-list (including <c>none</c> and <c>HS*</c>).</summary>
    public const string Algorithm = "token.algorithm";
    /// <summary>The signature does not verify (tampered, stripped, or made with another key).</summary>
    public const string Signature = "token.signature";
    /// <summary>The <c>kid</c> is missing or names no key in the issuer's JWKS.</summary>
    public const string KeyUnknown = "token.key-unknown";
    /// <summary><c>exp</c> is past, beyond the clock skew.</summary>
    public const string Expired = "token.expired";
    /// <summary><c>nbf</c> is in the future, beyond the clock skew.</summary>
    public const string NotYetValid = "token.not-yet-valid";
    /// <summary>The <c>iss</c> claim names no trusted issuer.</summary>
    public const string Issuer = "token.issuer";
    /// <summary>No <c>aud</c> value is one of the issuer's audiences.</summary>
    public const string Audience = "token.audience";
    /// <summary>The <c>typ</c> header is missing or not accepted.</summary>
    public const string Type = "token.type";
    /// <summary>The client named by <c>client_id</c> (else <c>sub</c>) is not registered for the issuer.</summary>
    public const string ClientUnknown = "token.client-unknown";
    /// <summary>The token has no <c>exp</c>, or an <c>nbf</c> after its <c>exp</c>.</summary>
    public const string LifetimeMissing = "token.lifetime-missing";
    /// <summary>
    /// A NumericDate claim (<c>exp</c>, <c>nbf</c> or <c>iat</c>) is not a JSON number, e.g. a future
    /// <c>exp</c> given as the string <c>"1999999999"</c> (RFC 7519 §2, §4.1.4–§4.1.6). Its own reason
    /// rather than <see cref="Malformed"/> or <see cref="LifetimeMissing"/>: the token is well-formed
    /// JSON and may carry a lifetime that would pass, so the audit names the wrong type for the
    /// issuer to fix. Other claims of a wrong type keep the reason of their check (a numeric
    /// <c>iss</c> is <see cref="Issuer"/>).
    /// </summary>
    public const string ClaimType = "token.claim-type";
}
