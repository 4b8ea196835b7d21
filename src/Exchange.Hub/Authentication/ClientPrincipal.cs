using System.Security.Claims;
using Exchange.Access.Clients;

namespace Exchange.Hub.Authentication;

/// <summary>Carries the validated <see cref="ClientIdentity"/> through ASP.NET Core's principal.</summary>
internal static class ClientPrincipal
{
    public const string Scheme = "Bearer";
    private const string ClientIdClaim = "client_id";
    private const string OrganisationClaim = "org";
    private const string ScopeClaim = "scope";

    public static ClaimsPrincipal Create(ClientIdentity client)
    {
        var claims = new List<Claim>
        {
            new(ClientIdClaim, client.ClientId),
            new(OrganisationClaim, client.Organisation),
            new(ClaimTypes.Role, client.Role.Name()),
        };
        claims.AddRange(client.Scopes.Select(s => new Claim(ScopeClaim, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, ClientIdClaim, ClaimTypes.Role));
    }

    /// <summary>The caller of an authenticated request; null when unauthenticated.</summary>
    public static ClientIdentity? GetClient(this ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true || !PartyRoles.TryParse(principal.FindFirstValue(ClaimTypes.Role), out var role))
            return null;
        return new ClientIdentity(
            principal.FindFirstValue(ClientIdClaim)!,
            principal.FindFirstValue(OrganisationClaim)!,
            role,
            principal.FindAll(ScopeClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The caller of a request that passed authorisation.</summary>
    public static ClientIdentity RequireClient(this HttpContext context) =>
        context.User.GetClient() ?? throw new InvalidOperationException("The endpoint must require authorisation.");
}
