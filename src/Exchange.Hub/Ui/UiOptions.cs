namespace Exchange.Hub.Ui;

/// <summary>The web pages under <c>/ui</c>: how people sign in. Bound from <c>Exchange:Ui</c>.</summary>
public sealed class UiOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string Section = "Exchange:Ui";

    /// <summary>
    /// Offer a sign-in form that lets anyone pick a registered client and act as it, without a
    /// password: for the embedded demo only. The hub refuses to start with it unless it runs in
    /// development mode (<c>ASPNETCORE_ENVIRONMENT=Development</c>); <c>exchange serve --development-sign-in</c> sets it.
    /// </summary>
    public bool DevelopmentSignIn { get; set; }

    /// <summary>Sign-in through the organisation's OpenID Connect provider; off while its <c>Authority</c> is empty.</summary>
    public UiOpenIdConnectOptions OpenIdConnect { get; init; } = new();

    /// <summary>Every problem with these options, each naming its setting.</summary>
    public IEnumerable<string> Problems(bool developmentMode, IReadOnlyCollection<string> trustedIssuers)
    {
        if (DevelopmentSignIn && !developmentMode)
            yield return $"{Section}:DevelopmentSignIn: the development sign-in lets anyone act as any registered client, so it is only for a hub in development mode (ASPNETCORE_ENVIRONMENT=Development).";
        foreach (var problem in OpenIdConnect.Problems($"{Section}:OpenIdConnect", trustedIssuers))
            yield return problem;
    }
}

/// <summary>
/// The hub's pages as a client of the organisation's identity provider (code flow with PKCE). The
/// provider must be one of the trusted issuers (<c>Exchange:Tokens:Issuers</c>) and
/// <see cref="ClientId"/> a client registered for it under <c>Exchange:Clients</c>: the signed-in
/// person acts as that client, with its organisation and role and the scopes the provider granted.
/// </summary>
public sealed class UiOpenIdConnectOptions
{
    /// <summary>The provider's issuer address (its discovery document is <c>{Authority}/.well-known/openid-configuration</c>); empty turns this sign-in off.</summary>
    public string Authority { get; set; } = "";

    /// <summary>The pages' client id at the provider, registered under <c>Exchange:Clients</c> for the same issuer.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The client secret, when the provider gives the pages one; empty for a public client (PKCE alone).</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>Scopes asked for beside <c>openid</c>, e.g. <c>consent:manage</c>; the session holds those granted that the client is registered for.</summary>
    public List<string> Scopes { get; init; } = [];

    /// <summary>
    /// The ID token claim that holds a graduate's resident id number, e.g. <c>resident_id</c>: when a
    /// university's client signs someone in and the token carries it, the session is that graduate's,
    /// bound to the linkage key the id pseudonymises to (the id itself is never kept). Empty: graduates do not sign in.
    /// </summary>
    public string ResidentIdClaim { get; set; } = "";

    /// <summary>True when an authority is configured: <c>https</c>, or <c>http</c> on loopback for a provider on the same machine.</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(Authority);

    internal IEnumerable<string> Problems(string path, IReadOnlyCollection<string> trustedIssuers)
    {
        if (!IsEnabled)
            yield break;
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority)
            || !(authority.Scheme == Uri.UriSchemeHttps || (authority.Scheme == Uri.UriSchemeHttp && authority.IsLoopback)))
            yield return $"{path}:Authority must be an https address (http only on loopback).";
        if (!trustedIssuers.Contains(Authority.TrimEnd('/')) && !trustedIssuers.Contains(Authority))
            yield return $"{path}:Authority '{Authority}' is not one of the trusted issuers (Exchange:Tokens:Issuers:N:Issuer).";
        if (string.IsNullOrWhiteSpace(ClientId))
            yield return $"{path}:ClientId is required with an Authority.";
    }
}
