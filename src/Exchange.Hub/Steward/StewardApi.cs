using Exchange.Hub.Authentication;

namespace Exchange.Hub.Steward;

/// <summary>The steward API: agreements, consents and the audit, under <c>/v1/steward</c>.</summary>
internal static class StewardApi
{
    public static IEndpointRouteBuilder MapStewardApi(this IEndpointRouteBuilder endpoints)
    {
        var steward = endpoints.MapGroup("/v1/steward").RequireAuthorization(AccessPolicies.Steward);
        steward.MapAgreements();
        steward.MapConsents();
        endpoints.MapGroup("/v1/steward").RequireAuthorization(AccessPolicies.AuditReader).MapAudit();
        return endpoints;
    }
}
