using Exchange.Access.Clients;
using Exchange.Access.Tokens;

namespace Exchange.Reporting.Reading;

/// <summary>
/// Finds the caller of a report read that comes without a token — a scheduled report, or
/// <c>exchange report</c> — among the clients registered in the hub's settings
/// (<c>Exchange:Clients</c>), so that the release service judges and audits the read as that
/// client, with the scopes it is registered for.
/// </summary>
public sealed class ReportCallers(Func<IReadOnlyList<ClientRegistration>> registrations)
{
    /// <summary>Callers among these registrations.</summary>
    public ReportCallers(IReadOnlyList<ClientRegistration> registrations)
        : this(() => registrations)
    {
    }

    /// <summary>
    /// The client registered as <paramref name="clientId"/> (under <paramref name="issuer"/> when
    /// given), or why there is none: not registered, or registered under several issuers without an
    /// issuer to choose.
    /// </summary>
    public bool TryFind(string clientId, string? issuer, out ClientIdentity? caller, out string? problem)
    {
        caller = null;
        problem = null;
        var matches = registrations()
            .Where(r => r is not null && r.ClientId == clientId && (issuer is null || r.Issuer == issuer))
            .ToList();
        if (matches.Count == 0)
        {
            problem = issuer is null
                ? $"No client '{clientId}' is registered (Exchange:Clients)."
                : $"No client '{clientId}' is registered for issuer '{issuer}' (Exchange:Clients).";
            return false;
        }

        if (matches.Count > 1)
        {
            problem = $"Client '{clientId}' is registered under several issuers; name one of them: {string.Join(", ", matches.Select(m => m.Issuer))}.";
            return false;
        }

        var registered = matches[0].ToRegisteredClient();
        caller = new ClientIdentity(registered.ClientId, registered.Organisation, registered.Role, registered.AllowedScopes);
        return true;
    }
}
