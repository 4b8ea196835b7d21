namespace Exchange.Access.Tokens;

/// <summary>A client registry held in memory, built once from a list (e.g. configuration <c>Exchange:Clients</c>).</summary>
public sealed class InMemoryClientRegistry : IClientRegistry
{
    private readonly Dictionary<(string Issuer, string ClientId), RegisteredClient> _clients = [];

    /// <summary>A registry of these clients, each registered for one issuer.</summary>
    /// <exception cref="ArgumentException">A client is registered twice for the same issuer.</exception>
    public InMemoryClientRegistry(IEnumerable<(string Issuer, RegisteredClient Client)> clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        foreach (var (issuer, client) in clients)
        {
            if (!_clients.TryAdd((issuer, client.ClientId), client))
                throw new ArgumentException($"Client '{client.ClientId}' is registered twice for issuer '{issuer}'.", nameof(clients));
        }
    }

    /// <summary>A registry of the configured clients.</summary>
    /// <exception cref="InvalidOperationException">An entry is incomplete or names an unknown role.</exception>
    public static InMemoryClientRegistry FromRegistrations(IEnumerable<ClientRegistration> registrations) =>
        new(registrations.Select(r => (r.Issuer, r.ToRegisteredClient())));

    /// <inheritdoc />
    public ValueTask<RegisteredClient?> FindAsync(string issuer, string clientId, CancellationToken ct) =>
        ValueTask.FromResult(_clients.GetValueOrDefault((issuer, clientId)));
}
