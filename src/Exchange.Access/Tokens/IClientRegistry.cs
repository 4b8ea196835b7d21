using Exchange.Access.Clients;

namespace Exchange.Access.Tokens;

/// <summary>The clients the hub knows: a token names the client, the registry knows its organisation and role.</summary>
public interface IClientRegistry
{
    /// <summary>The client registered under this id for this issuer, or null.</summary>
    ValueTask<RegisteredClient?> FindAsync(string issuer, string clientId, CancellationToken ct);
}

/// <summary>A registered client of a registered organisation.</summary>
/// <param name="ClientId">The id its tokens carry in <c>client_id</c> (else <c>sub</c>).</param>
/// <param name="Organisation">The organisation's unified social credit code.</param>
/// <param name="Role">The organisation's role.</param>
/// <param name="AllowedScopes">The most a token of this client can grant; a call gets the token's scopes that are in here.</param>
public sealed record RegisteredClient(string ClientId, string Organisation, PartyRole Role, IReadOnlySet<string> AllowedScopes);
