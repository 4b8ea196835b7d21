using Exchange.Access.Clients;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Exchange.Access.Tokens;

/// <summary>
/// Validates signed JWT bearer tokens of the configured issuers (RFC 8725 practices) and resolves
/// them to a registered client. Rejections are outcomes with a reason from
/// <see cref="TokenFailureReasons"/>; the token itself is never logged.
/// </summary>
public sealed class JwtTokenValidator : ITokenValidator, IDisposable
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly Dictionary<string, TrustedIssuer> _issuers = new(StringComparer.Ordinal);
    private readonly IClientRegistry _clients;
    private readonly int _maxTokenBytes;
    private readonly ILogger _logger;

    /// <summary>A validator for these options; each issuer's JWKS is loaded on first use and then refreshed in the background.</summary>
    /// <param name="options">The trusted issuers; must pass <see cref="TokenValidationOptions.Validate"/>.</param>
    /// <param name="clients">The registered clients.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <param name="timeProvider">The clock for lifetimes and JWKS refresh; the system clock when null.</param>
    /// <param name="httpClient">Client for JWKS addresses; one per issuer is created when null.</param>
    /// <exception cref="InvalidOperationException">The options are invalid.</exception>
    public JwtTokenValidator(TokenValidationOptions options, IClientRegistry clients, ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clients);
        options.EnsureValid();
        loggerFactory ??= NullLoggerFactory.Instance;
        timeProvider ??= TimeProvider.System;
        _logger = loggerFactory.CreateLogger<JwtTokenValidator>();
        _clients = clients;
        _maxTokenBytes = options.MaxTokenBytes;
        foreach (var issuer in options.Issuers)
        {
            var keys = new JwksKeySource(issuer, httpClient, timeProvider, loggerFactory.CreateLogger<JwksKeySource>());
            _issuers.Add(issuer.Issuer, new TrustedIssuer(issuer, options.ClockSkew, keys, timeProvider));
        }
    }

    /// <summary>The key source of a configured issuer, e.g. to force a refresh; null when the issuer is not configured.</summary>
    public JwksKeySource? KeysOf(string issuer) => _issuers.GetValueOrDefault(issuer)?.Keys;

    /// <inheritdoc />
    public async Task<TokenValidationOutcome> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        TokenValidationOutcome outcome;
        try
        {
            outcome = await ValidateCoreAsync(token, cancellationToken);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException or System.Text.Json.JsonException)
        {
            // A claim or header of an unexpected JSON type: a bad token, never an exception for the caller.
            outcome = TokenValidationOutcome.Rejected(TokenFailureReasons.Malformed);
        }
        if (!outcome.IsValid)
            TokenLog.TokenRejected(_logger, outcome.FailureReason!);
        return outcome;
    }

    private async Task<TokenValidationOutcome> ValidateCoreAsync(string token, CancellationToken cancellationToken)
    {
        // Everything before the handler runs on the unverified token only to refuse cheaply or to
        // pick the issuer's configuration; every claim used afterwards is verified by the handler.
        if (string.IsNullOrWhiteSpace(token))
            return TokenValidationOutcome.Rejected(TokenFailureReasons.Missing);
        if (token.Length > _maxTokenBytes)
            return TokenValidationOutcome.Rejected(TokenFailureReasons.TooLarge);
        switch (token.AsSpan().Count('.'))
        {
            case 2:
                break;
            case 4:
                return TokenValidationOutcome.Rejected(TokenFailureReasons.Encrypted);
            default:
                return TokenValidationOutcome.Rejected(TokenFailureReasons.Malformed);
        }

        // Before the library parses the token: it would read "exp": "1999999999" as a number and forget it was a string.
        var numericDates = NumericDateCheck.Inspect(PayloadSegment(token));
        if (numericDates == NumericDateCheck.Verdict.NotNumbers)
            return TokenValidationOutcome.Rejected(TokenFailureReasons.ClaimType);
        if (numericDates == NumericDateCheck.Verdict.Unreadable)
            return TokenValidationOutcome.Rejected(TokenFailureReasons.Malformed);

        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return TokenValidationOutcome.Rejected(TokenFailureReasons.Malformed);
        }
        if (jwt.TryGetHeaderValue<object>("enc", out _) || jwt.TryGetHeaderValue<object>("zip", out _))
            return TokenValidationOutcome.Rejected(TokenFailureReasons.Encrypted);
        // No critical extension is understood here, so a token naming one must be refused (RFC 7515 §4.1.11).
        if (jwt.TryGetHeaderValue<object>("crit", out _))
            return TokenValidationOutcome.Rejected(TokenFailureReasons.Malformed);

        if (!TryGetString(jwt, "iss", out var issuerName) || !_issuers.TryGetValue(issuerName, out var issuer))
            return TokenValidationOutcome.Rejected(TokenFailureReasons.Issuer);
        if (!issuer.Algorithms.Contains(jwt.Alg))
            return TokenValidationOutcome.Rejected(TokenFailureReasons.Algorithm);
        var kid = jwt.Kid;
        if (string.IsNullOrEmpty(kid))
            return TokenValidationOutcome.Rejected(TokenFailureReasons.KeyUnknown);
        var key = await issuer.Keys.FindAsync(kid, cancellationToken);
        if (key is null)
            return TokenValidationOutcome.Rejected(TokenFailureReasons.KeyUnknown);
        if (key.Algorithm is not null && !string.Equals(key.Algorithm, jwt.Alg, StringComparison.Ordinal))
            return TokenValidationOutcome.Rejected(TokenFailureReasons.Algorithm);

        var result = await _handler.ValidateTokenAsync(jwt, issuer.Parameters);
        if (!result.IsValid)
            return TokenValidationOutcome.Rejected(FailureReasonMapper.ToReason(result.Exception));

        var verified = (JsonWebToken)result.SecurityToken;
        return await ResolveClientAsync(issuer.Options.Issuer, verified, cancellationToken);
    }

    private async Task<TokenValidationOutcome> ResolveClientAsync(string issuer, JsonWebToken token, CancellationToken cancellationToken)
    {
        if (!TryGetString(token, "client_id", out var clientId) && !TryGetString(token, "sub", out clientId))
            return TokenValidationOutcome.Rejected(TokenFailureReasons.ClientUnknown);
        var client = await _clients.FindAsync(issuer, clientId, cancellationToken);
        if (client is null)
            return TokenValidationOutcome.Rejected(TokenFailureReasons.ClientUnknown);

        var granted = new HashSet<string>(StringComparer.Ordinal);
        if (TryGetString(token, "scope", out var scope))
        {
            foreach (var requested in scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (client.AllowedScopes.Contains(requested))
                    granted.Add(requested);
            }
        }
        return TokenValidationOutcome.Accepted(new ClientIdentity(client.ClientId, client.Organisation, client.Role, granted));
    }

    // Between the first and the second dot; the caller has made sure there are exactly two.
    private static ReadOnlySpan<char> PayloadSegment(string token)
    {
        var rest = token.AsSpan(token.IndexOf('.') + 1);
        return rest[..rest.IndexOf('.')];
    }

    private static bool TryGetString(JsonWebToken token, string claim, out string value)
    {
        if (token.TryGetPayloadValue<string>(claim, out var text) && !string.IsNullOrEmpty(text))
        {
            value = text;
            return true;
        }
        value = "";
        return false;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var issuer in _issuers.Values)
            issuer.Dispose();
    }
}
