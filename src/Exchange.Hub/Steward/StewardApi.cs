using Exchange.Hub.Authentication;

namespace Exchange.Hub.Steward;

/// <summary>The steward API: agreements, consents, entity resolution and the audit, under <c>/v1/steward</c>.</summary>
internal static class StewardApi
{
    public static IEndpointRouteBuilder MapStewardApi(this IEndpointRouteBuilder endpoints)
    {
        var steward = endpoints.MapGroup("/v1/steward").RequireAuthorization(AccessPolicies.Steward).RefuseUnknownQueryParameters(Family);
        steward.MapAgreements();
        steward.MapConsents();
        steward.MapResolution();
        endpoints.MapGroup("/v1/steward").RequireAuthorization(AccessPolicies.AuditReader).RefuseUnknownQueryParameters(Family).MapAudit();
        return endpoints;
    }

    // The problem code's family: steward.unknown-parameter.
    private const string Family = "steward";
}
