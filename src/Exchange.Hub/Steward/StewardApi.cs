using Exchange.Hub.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

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

    /// <summary>The family of the steward API's parameter problems: <c>steward.unknown-parameter</c>, <c>steward.invalid-parameter</c>.</summary>
    internal const string Family = "steward";

    /// <summary>A page limit outside 1 to <paramref name="max"/>, refused rather than cut: a page shorter than asked for is the end of a listing.</summary>
    internal static ValidationProblem LimitOutOfRange(int max) =>
        QueryParameterProblems.Invalid(Family, "limit", $"limit is a whole number from 1 to {max}.", $"limit 应为 1 到 {max} 之间的整数。");
}
