using System.Globalization;
using System.Text.RegularExpressions;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Tokens;
using Exchange.Reporting.Reading;

namespace Exchange.Hub.Changes;

/// <summary>
/// A subscriber whose change feed the hub publishes to a topic of its own,
/// <c>exchange.changes.v1.&lt;client&gt;</c>: the same changes, released the same way, as
/// <c>GET /v1/changes</c> gives that client for that purpose.
/// </summary>
public sealed partial class ChangeTopic
{
    /// <summary>The section the list is bound from.</summary>
    public const string Section = "Exchange:Changes:Topics";

    /// <summary>The prefix of every subscriber's topic.</summary>
    public const string TopicPrefix = "exchange.changes.v1.";

    /// <summary>The registered client (<c>Exchange:Clients</c>) the feed is released to; it needs the scope <c>index:read</c>. Its id names the topic.</summary>
    public string Client { get; set; } = "";

    /// <summary>The client's issuer; needed only when its client id is registered under several issuers.</summary>
    public string? Issuer { get; set; }

    /// <summary>The purpose the feed is released for: <c>matching</c>, <c>service-delivery</c>, <c>statistics</c> or <c>research</c>.</summary>
    public string Purpose { get; set; } = "";

    /// <summary>The subscriber's topic.</summary>
    public string Topic => TopicPrefix + Client;

    /// <summary>The declared purpose, once <see cref="Problems"/> found none.</summary>
    public Purpose DeclaredPurpose => DataCategories.TryParsePurpose(Purpose, out var purpose) ? purpose : default;

    /// <summary>What is wrong with the list, each problem naming its setting: a client that is not registered, lacks <c>index:read</c> or cannot name a topic; an unknown purpose; a client twice.</summary>
    public static IEnumerable<string> Problems(IReadOnlyList<ChangeTopic> topics, IReadOnlyList<ClientRegistration> clients)
    {
        var callers = new ReportCallers(clients);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < topics.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"{Section}:{i}");
            var entry = topics[i];
            if (entry is null)
            {
                yield return $"{path} is empty.";
                continue;
            }
            if (string.IsNullOrWhiteSpace(entry.Client))
                yield return $"{path}:Client is required: the registered client whose feed the topic carries.";
            else if (!TopicName().IsMatch(entry.Client))
                yield return $"{path}:Client '{entry.Client}' cannot name a topic: letters, digits, '.', '_' and '-' only, at most 200.";
            else if (!callers.TryFind(entry.Client, entry.Issuer, out var caller, out var problem))
                yield return $"{path}:Client: {problem}";
            else if (!caller!.Has(Scopes.IndexRead))
                yield return $"{path}:Client '{entry.Client}' is not registered for the scope {Scopes.IndexRead}.";
            else if (!seen.Add(entry.Client))
                yield return $"{path}:Client '{entry.Client}' has a topic already: one topic per client.";
            if (!DataCategories.TryParsePurpose(entry.Purpose, out _))
                yield return $"{path}:Purpose '{entry.Purpose}' is not matching, service-delivery, statistics or research.";
        }
    }

    /// <summary>The identity the feed is released to.</summary>
    public ClientIdentity Caller(ReportCallers callers)
    {
        ArgumentNullException.ThrowIfNull(callers);
        return callers.TryFind(Client, Issuer, out var caller, out var problem) ? caller! : throw new InvalidOperationException(problem);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,200}$")]
    private static partial Regex TopicName();
}
