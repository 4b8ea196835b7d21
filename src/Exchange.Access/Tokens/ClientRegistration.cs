using Exchange.Access.Clients;

namespace Exchange.Access.Tokens;

/// <summary>One entry of configuration section <c>Exchange:Clients</c>: a client of one issuer.</summary>
public sealed class ClientRegistration
{
    /// <summary>The configuration section these entries are bound from (a list).</summary>
    public const string SectionName = "Exchange:Clients";

    /// <summary>The issuer (<c>iss</c>) whose tokens name this client.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The client id its tokens carry (<c>client_id</c>, else <c>sub</c>).</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The organisation's unified social credit code; for a university, the key of its <c>Exchange:Ingest:Institutions</c> entry.</summary>
    public string Organisation { get; set; } = "";

    /// <summary>The organisation's role, lower case: <c>university</c>, <c>employer</c>, <c>bureau</c>, <c>matcher</c>, <c>steward</c>.</summary>
    public string Role { get; set; } = "";

    /// <summary>The scopes the client may be granted, e.g. <c>records:write:graduate</c>.</summary>
    public List<string> Scopes { get; init; } = [];

    /// <summary>The registered client this entry describes.</summary>
    /// <exception cref="InvalidOperationException">A field is missing or the role is unknown.</exception>
    public RegisteredClient ToRegisteredClient()
    {
        if (string.IsNullOrWhiteSpace(Issuer) || string.IsNullOrWhiteSpace(ClientId) || string.IsNullOrWhiteSpace(Organisation))
            throw new InvalidOperationException($"{SectionName}: every client needs Issuer, ClientId and Organisation.");
        if (!PartyRoles.TryParse(Role, out var role))
            throw new InvalidOperationException($"{SectionName}: client '{ClientId}' has unknown role '{Role}'.");
        return new RegisteredClient(ClientId, Organisation, role, new HashSet<string>(Scopes, StringComparer.Ordinal));
    }
}
