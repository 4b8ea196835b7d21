using Microsoft.Extensions.Logging;

namespace Exchange.Access.Tokens;

// Event ids 3100-3199. Never log token contents: only issuer names, key ids counts and reason codes.
internal static partial class TokenLog
{
    [LoggerMessage(3100, LogLevel.Warning, "JWKS of issuer {Issuer} could not be loaded; keeping the {KeyCount} last good keys")]
    public static partial void JwksLoadFailed(ILogger logger, string issuer, int keyCount, Exception exception);

    [LoggerMessage(3101, LogLevel.Information, "JWKS of issuer {Issuer} loaded: {KeyCount} signing keys")]
    public static partial void JwksLoaded(ILogger logger, string issuer, int keyCount);

    [LoggerMessage(3102, LogLevel.Warning, "JWKS of issuer {Issuer}: skipped a key ({Why})")]
    public static partial void JwksKeySkipped(ILogger logger, string issuer, string why);

    [LoggerMessage(3103, LogLevel.Debug, "Token rejected: {Reason}")]
    public static partial void TokenRejected(ILogger logger, string reason);

    [LoggerMessage(3104, LogLevel.Debug, "Unknown key id for issuer {Issuer}; JWKS refresh suppressed by the rate limit")]
    public static partial void UnknownKidRefreshSuppressed(ILogger logger, string issuer);
}
