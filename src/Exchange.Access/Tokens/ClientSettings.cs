using Exchange.Access.Clients;
using Exchange.Core.Model;

namespace Exchange.Access.Tokens;

/// <summary>
/// Checks the registered clients (<c>Exchange:Clients</c>) at start: a client that can never
/// authenticate, or holds a scope no endpoint knows, is a setting mistake to name at once, not a
/// 500 on every request or a scope that silently grants nothing.
/// </summary>
internal static class ClientSettings
{
    private static readonly HashSet<string> KnownScopes = new(
        [Scopes.IndexRead, Scopes.Match, Scopes.ReportsRead, Scopes.ConsentManage, Scopes.AuditRead, .. RecordKinds.All.Select(Scopes.RecordsWrite)],
        StringComparer.Ordinal);

    public static IEnumerable<string> Problems(IReadOnlyList<ClientRegistration> clients, TokenValidationOptions? tokens)
    {
        var issuers = (tokens?.Issuers ?? []).Where(i => i is not null).Select(i => i.Issuer).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < clients.Count; i++)
        {
            var path = $"{ClientRegistration.SectionName}:{i}";
            var client = clients[i];
            if (client is null)
            {
                yield return $"{path} is empty.";
                continue;
            }
            if (string.IsNullOrWhiteSpace(client.Issuer))
                yield return $"{path}:Issuer is required: the iss of the tokens this client presents.";
            else if (!issuers.Contains(client.Issuer))
                yield return $"{path}:Issuer '{client.Issuer}' is not a trusted issuer; add it under {TokenValidationOptions.SectionName}:Issuers.";
            if (string.IsNullOrWhiteSpace(client.ClientId))
                yield return $"{path}:ClientId is required: the client_id (else sub) of its tokens.";
            else if (!seen.Add((client.Issuer, client.ClientId)))
                yield return $"{path}: client '{client.ClientId}' is registered twice for issuer '{client.Issuer}'.";
            if (string.IsNullOrWhiteSpace(client.Organisation))
                yield return $"{path}:Organisation is required: the organisation's unified social credit code.";
            if (!PartyRoles.TryParse(client.Role, out _))
                yield return $"{path}:Role must be one of university, employer, bureau, matcher, steward.";
            for (var s = 0; s < client.Scopes.Count; s++)
            {
                if (!KnownScopes.Contains(client.Scopes[s]))
                    yield return $"{path}:Scopes:{s}: '{client.Scopes[s]}' is not a scope; use {string.Join(", ", KnownScopes.Order(StringComparer.Ordinal))}.";
            }
        }
    }
}
