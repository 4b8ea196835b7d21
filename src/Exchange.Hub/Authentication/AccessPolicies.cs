using Exchange.Access.Clients;
using Microsoft.AspNetCore.Authorization;

namespace Exchange.Hub.Authentication;

/// <summary>The authorisation policies endpoints name: a role and a scope each.</summary>
internal static class AccessPolicies
{
    public const string Steward = "steward";
    public const string AuditReader = "audit-reader";
    public const string IndexReader = "index-reader";

    public static AuthorizationBuilder AddAccessPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Steward, p => p.RequireAuthenticatedUser().RequireRole(PartyRole.Steward.Name()).RequireClaim("scope", Scopes.ConsentManage))
        .AddPolicy(AuditReader, p => p.RequireAuthenticatedUser().RequireRole(PartyRole.Steward.Name()).RequireClaim("scope", Scopes.AuditRead))
        .AddPolicy(IndexReader, p => p.RequireAuthenticatedUser().RequireClaim("scope", Scopes.IndexRead));
}
