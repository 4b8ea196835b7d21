using Exchange.Access.Clients;
using Exchange.Access.Tokens;
using Exchange.Testing;

namespace Exchange.Access.Tests.Tokens;

public sealed class ClientRegistryTests : IDisposable
{
    private readonly IssuerFixture _issuer = new();

    [Fact]
    public async Task Rejects_token_of_an_unregistered_client()
    {
        using var validator = _issuer.Validator();
        var payload = _issuer.Payload();
        payload["client_id"] = "someone-else";
        var outcome = await validator.ValidateAsync(_issuer.Ec.Sign(payload), TestTimeout.Token());
        Assert.Equal(TokenFailureReasons.ClientUnknown, outcome.FailureReason);
    }

    [Fact]
    public async Task Rejects_token_naming_no_client_at_all()
    {
        using var validator = _issuer.Validator();
        var payload = _issuer.Payload();
        payload.Remove("client_id");
        payload.Remove("sub");
        var outcome = await validator.ValidateAsync(_issuer.Ec.Sign(payload), TestTimeout.Token());
        Assert.Equal(TokenFailureReasons.ClientUnknown, outcome.FailureReason);
    }

    [Fact]
    public async Task Grants_only_the_token_scopes_that_the_client_is_allowed()
    {
        using var validator = _issuer.Validator();
        var payload = _issuer.Payload();
        payload["scope"] = "index:read  audit:read consent:manage records:write:graduate";
        var outcome = await validator.ValidateAsync(_issuer.Ec.Sign(payload), TestTimeout.Token());
        Assert.Equal(["index:read", "records:write:graduate"], outcome.Client!.Scopes.Order(StringComparer.Ordinal));
        Assert.False(outcome.Client.Has(Scopes.AuditRead));
    }

    [Fact]
    public async Task Grants_no_scope_when_the_token_has_none()
    {
        using var validator = _issuer.Validator();
        var payload = _issuer.Payload();
        payload.Remove("scope");
        var outcome = await validator.ValidateAsync(_issuer.Ec.Sign(payload), TestTimeout.Token());
        Assert.Empty(outcome.Client!.Scopes);
    }

    [Fact]
    public async Task Takes_the_client_from_sub_when_client_id_is_absent()
    {
        using var validator = _issuer.Validator();
        var payload = _issuer.Payload();
        payload.Remove("client_id");
        var outcome = await validator.ValidateAsync(_issuer.Ec.Sign(payload), TestTimeout.Token());
        Assert.Equal(IssuerFixture.ClientId, outcome.Client!.ClientId);
    }

    [Fact]
    public async Task Prefers_client_id_over_sub()
    {
        using var validator = _issuer.Validator();
        var payload = _issuer.Payload();
        payload["sub"] = "a-user-of-the-client";
        var outcome = await validator.ValidateAsync(_issuer.Ec.Sign(payload), TestTimeout.Token());
        Assert.Equal(IssuerFixture.ClientId, outcome.Client!.ClientId);
    }

    [Fact]
    public async Task Finds_a_client_only_under_the_issuer_it_is_registered_for()
    {
        var registry = new InMemoryClientRegistry([("https://a.example", new RegisteredClient("c1", "ORG", PartyRole.Employer, new HashSet<string>()))]);
        Assert.NotNull(await registry.FindAsync("https://a.example", "c1", TestTimeout.Token()));
        Assert.Null(await registry.FindAsync("https://b.example", "c1", TestTimeout.Token()));
    }

    [Fact]
    public void Builds_from_configuration_entries_and_refuses_unknown_roles()
    {
        var good = new ClientRegistration { Issuer = "i", ClientId = "c", Organisation = "o", Role = "bureau", Scopes = ["reports:read"] };
        var client = good.ToRegisteredClient();
        Assert.Equal(PartyRole.Bureau, client.Role);
        Assert.Contains("reports:read", client.AllowedScopes);

        var bad = new ClientRegistration { Issuer = "i", ClientId = "c", Organisation = "o", Role = "admin" };
        Assert.Throws<InvalidOperationException>(() => InMemoryClientRegistry.FromRegistrations([bad]));
    }

    [Fact]
    public void Refuses_the_same_client_twice_for_one_issuer()
    {
        var client = new RegisteredClient("c1", "ORG", PartyRole.Employer, new HashSet<string>());
        Assert.Throws<ArgumentException>(() => new InMemoryClientRegistry([("i", client), ("i", client)]));
    }

    public void Dispose() => _issuer.Dispose();
}
