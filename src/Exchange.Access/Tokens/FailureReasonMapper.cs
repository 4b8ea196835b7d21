using Microsoft.IdentityModel.Tokens;

namespace Exchange.Access.Tokens;

/// <summary>Maps the handler's exceptions to stable reason codes; the exception text (which may quote the token) is dropped.</summary>
internal static class FailureReasonMapper
{
    public static string ToReason(Exception? exception) => exception switch
    {
        // Most specific first: several of these derive from one another.
        SecurityTokenSignatureKeyNotFoundException => TokenFailureReasons.KeyUnknown,
        SecurityTokenInvalidAlgorithmException => TokenFailureReasons.Algorithm,
        SecurityTokenInvalidSignatureException => TokenFailureReasons.Signature,
        SecurityTokenExpiredException => TokenFailureReasons.Expired,
        SecurityTokenNotYetValidException => TokenFailureReasons.NotYetValid,
        SecurityTokenNoExpirationException => TokenFailureReasons.LifetimeMissing,
        SecurityTokenInvalidLifetimeException => TokenFailureReasons.LifetimeMissing,
        SecurityTokenInvalidIssuerException => TokenFailureReasons.Issuer,
        SecurityTokenInvalidAudienceException => TokenFailureReasons.Audience,
        SecurityTokenInvalidTypeException => TokenFailureReasons.Type,
        SecurityTokenDecryptionFailedException => TokenFailureReasons.Encrypted,
        _ => TokenFailureReasons.Malformed,
    };
}
