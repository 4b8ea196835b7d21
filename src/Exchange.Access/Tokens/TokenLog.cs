using Exchange.Core.Hosting;
using Microsoft.Extensions.Logging;

namespace Exchange.Access.Tokens;

// Event ids 3100-3199. Never log token contents: only issuer names, key ids counts and reason codes.
internal static partial class TokenLog
{
    [LoggerMessage(EventIds.JwksLoadFailed, LogLevel.Warning, "JWKS of issuer {Issuer} could not be loaded; keeping the {KeyCount} last good keys")]
    public static partial void JwksLoadFailed(ILogger logger, string issuer, int keyCount, Exception exception);

    [LoggerMessage(EventIds.JwksLoaded, LogLevel.Information, "JWKS of issuer {Issuer} loaded: {KeyCount} signing keys")]
    public static partial void JwksLoaded(ILogger logger, string issuer, int keyCount);

    [LoggerMessage(EventIds.JwksKeySkipped, LogLevel.Warning, "JWKS of issuer {Issuer}: skipped a key ({Why})")]
    public static partial void JwksKeySkipped(ILogger logger, string issuer, string why);

    [LoggerMessage(EventIds.TokenRejected, LogLevel.Debug, "Token rejected: {Reason}")]
    public static partial void TokenRejected(ILogger logger, string reason);

    [LoggerMessage(EventIds.UnknownKidRefreshSuppressed, LogLevel.Debug, "Unknown key id for issuer {Issuer}; JWKS refresh suppressed by the rate limit")]
    public static partial void UnknownKidRefreshSuppressed(ILogger logger, string issuer);
}
