using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Exchange.Hub.Health;

/// <summary>
/// The probes: <c>/health/live</c> (the process answers) and <c>/health/ready</c> (it can do its
/// work). Anonymous, outside the rate limiter — a load balancer probing from one address must never
/// be told 429 — and, having no token to check, never audited as refusals. <c>/health</c> answers
/// as <c>/health/ready</c>, for probes set up before the two existed.
/// </summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        Probe(endpoints.MapGet("/health/live", () => TypedResults.Ok(HealthAnswer.Live)))
            .WithSummary("Liveness: the process answers; nothing else is checked")
            .Produces<HealthAnswer>();
        Probe(endpoints.MapGet("/health/ready", ReadyAsync))
            .WithSummary("Readiness: the database, the schemas' migrations, the event log and the merger's lag")
            .Produces<HealthAnswer>(StatusCodes.Status503ServiceUnavailable);
        Probe(endpoints.MapGet("/health", ReadyAsync))
            .WithSummary("The same as /health/ready")
            .Produces<HealthAnswer>(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static RouteHandlerBuilder Probe(RouteHandlerBuilder endpoint) => endpoint
        .WithTags("Health")
        .AllowAnonymous()
        .DisableRateLimiting();

    private static async Task<Results<Ok<HealthAnswer>, JsonHttpResult<HealthAnswer>>> ReadyAsync(
        HealthCheckService checks, HttpContext context, CancellationToken cancellationToken)
    {
        var report = await checks.CheckHealthAsync(r => r.Tags.Contains(HealthChecksRegistration.Ready), cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        var answer = HealthAnswer.From(report);
        return report.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(answer, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(answer);
    }
}
