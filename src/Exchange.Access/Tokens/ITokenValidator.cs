using Exchange.Access.Clients;

namespace Exchange.Access.Tokens;

/// <summary>Validates a bearer token and resolves it to a registered client.</summary>
public interface ITokenValidator
{
    /// <summary>Validates the token; a rejection is an outcome with a reason, never an exception.</summary>
    Task<TokenValidationOutcome> ValidateAsync(string token, CancellationToken cancellationToken);
}

/// <summary>The outcome of validating a token.</summary>
/// <param name="Client">The caller, when the token is accepted.</param>
/// <param name="FailureReason">A stable reason when rejected, e.g. <c>token.expired</c>; recorded in the audit, never sent in detail to the caller.</param>
public sealed record TokenValidationOutcome(ClientIdentity? Client, string? FailureReason)
{
    /// <summary>True when the token was accepted.</summary>
    public bool IsValid => Client is not null;

    /// <summary>An accepted token.</summary>
    public static TokenValidationOutcome Accepted(ClientIdentity client) => new(client, null);

    /// <summary>A rejected token.</summary>
    public static TokenValidationOutcome Rejected(string reason) => new(null, reason);
}
