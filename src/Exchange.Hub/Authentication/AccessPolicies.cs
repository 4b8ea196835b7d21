using Exchange.Access.Clients;
using Exchange.Core.Model;
using Microsoft.AspNetCore.Authorization;

namespace Exchange.Hub.Authentication;

/// <summary>The authorisation policies endpoints name: a role and a scope each.</summary>
internal static class AccessPolicies
{
    public const string Steward = "steward";
    public const string AuditReader = "audit-reader";
    public const string IndexReader = "index-reader";
    public const string RecordsWriter = "records-writer";
    public const string ReportsReader = "reports-reader";
    public const string Matcher = "matcher";

    public static AuthorizationBuilder AddAccessPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Steward, p => p.RequireAuthenticatedUser().RequireRole(PartyRole.Steward.Name()).RequireClaim("scope", Scopes.ConsentManage))
        .AddPolicy(AuditReader, p => p.RequireAuthenticatedUser().RequireRole(PartyRole.Steward.Name()).RequireClaim("scope", Scopes.AuditRead))
        .AddPolicy(IndexReader, p => p.RequireAuthenticatedUser().RequireClaim("scope", Scopes.IndexRead))
        .AddPolicy(ReportsReader, p => p.RequireAuthenticatedUser().RequireClaim("scope", Scopes.ReportsRead))
        .AddPolicy(Matcher, p => p.RequireAuthenticatedUser().RequireClaim("scope", Scopes.Match))
        .AddPolicy(RecordsWriter, p => p.RequireAuthenticatedUser().AddRequirements(new RecordsWriteRequirement()));
}

/// <summary>
/// The scope <c>records:write:&lt;kind&gt;</c> for the kind in the route. Judged by the
/// authorisation layer rather than the endpoint, so that a refusal is answered and audited like
/// every other missing scope. An unknown kind passes here: the endpoint answers it 404.
/// </summary>
internal sealed class RecordsWriteRequirement : AuthorizationHandler<RecordsWriteRequirement>, IAuthorizationRequirement
{
    /// <summary>Where the missing scope is left for the 403 answer to name.</summary>
    public const string RequiredScopeKey = "exchange.required-scope";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RecordsWriteRequirement requirement)
    {
        var http = context.Resource as HttpContext;
        if (!RecordKinds.TryParse(http?.GetRouteValue("kind") as string, out var recordKind))
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        var scope = Scopes.RecordsWrite(recordKind);
        if (context.User.HasClaim("scope", scope))
            context.Succeed(requirement);
        else if (http is not null)
            http.Items[RequiredScopeKey] = scope;
        return Task.CompletedTask;
    }
}
