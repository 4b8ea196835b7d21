namespace Exchange.Access.Clients;

/// <summary>
/// Who is calling: a registered client of a registered organisation, with the role of that
/// organisation and the scopes granted to this call (the token's scopes that the client holds).
/// </summary>
/// <param name="ClientId">The registered client's id (the token's <c>client_id</c>, else <c>sub</c>).</param>
/// <param name="Organisation">The organisation's unified social credit code.</param>
/// <param name="Role">The organisation's role.</param>
/// <param name="Scopes">Scopes granted to this call.</param>
public sealed record ClientIdentity(string ClientId, string Organisation, PartyRole Role, IReadOnlySet<string> Scopes)
{
    /// <summary>True when the call holds the scope.</summary>
    public bool Has(string scope) => Scopes.Contains(scope);
}
