using Exchange.Access.Agreements;
using Exchange.Access.Decisions;
using Exchange.Core.Validation;
using Exchange.Hub.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Exchange.Hub.Steward;

/// <summary>
/// Data-sharing agreements, managed by stewards. Versions are never edited in place: a revision
/// or a revocation is a new version, and a stale <c>If-Match</c> version is a 409.
/// </summary>
internal static class AgreementsApi
{
    public static RouteGroupBuilder MapAgreements(this RouteGroupBuilder steward)
    {
        var group = steward.MapGroup("/agreements").WithTags("Agreements");
        group.MapPost("/", CreateAsync).WithSummary("Record a new data-sharing agreement");
        group.MapGet("/", ListCurrentAsync).WithSummary("Agreements in force at a time (now by default)");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("The latest version of an agreement");
        group.MapGet("/{id:guid}/history", HistoryAsync).WithSummary("Every version of an agreement");
        group.MapPut("/{id:guid}", ReviseAsync).WithSummary("Record a new version; If-Match names the version it replaces").ProducesVersionedWrite();
        group.MapPost("/{id:guid}/revoke", RevokeAsync).WithSummary("Revoke from now on; If-Match names the version it replaces").ProducesVersionedWrite();
        return steward;
    }

    private static async Task<Results<Created<AgreementResponse>, ValidationProblem>> CreateAsync(
        AgreementRequest request, HttpContext context, AgreementStore store, PolicySnapshotCache policy, CancellationToken cancellationToken)
    {
        var (terms, errors) = request.ToTerms();
        if (terms is null)
            return TypedResults.ValidationProblem(errors, extensions: request.CodedProblems());
        var result = await store.CreateAsync(terms, context.RequireClient().ClientId, cancellationToken);
        if (!result.IsRecorded)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["agreement"] = [result.Reason ?? result.Status.ToString()] });
        policy.Invalidate();
        return TypedResults.Created($"/v1/steward/agreements/{result.Agreement!.Id}", result.Agreement.ToResponse());
    }

    private static async Task<Ok<List<AgreementResponse>>> ListCurrentAsync(
        DateTimeOffset? asOf, AgreementStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListCurrentAsync(asOf ?? clock.GetUtcNow(), cancellationToken)).Select(a => a.ToResponse()).ToList());

    private static async Task<Results<Ok<AgreementResponse>, NotFound>> GetAsync(Guid id, AgreementStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } agreement ? TypedResults.Ok(agreement.ToResponse()) : TypedResults.NotFound();

    private static async Task<Results<Ok<List<AgreementResponse>>, NotFound>> HistoryAsync(Guid id, AgreementStore store, CancellationToken cancellationToken)
    {
        var history = await store.GetHistoryAsync(id, cancellationToken);
        return history.Count == 0 ? TypedResults.NotFound() : TypedResults.Ok(history.Select(a => a.ToResponse()).ToList());
    }

    // A write under If-Match: the new version, or no such agreement, a stale or revoked version, no If-Match.
    private static RouteHandlerBuilder ProducesVersionedWrite(this RouteHandlerBuilder endpoint) => endpoint
        .Produces<AgreementResponse>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status428PreconditionRequired);

    private static async Task<IResult> ReviseAsync(
        Guid id, AgreementRequest request, HttpContext context, AgreementStore store, PolicySnapshotCache policy, CancellationToken cancellationToken)
    {
        if (ExpectedVersion(context) is not { } expected)
            return PreconditionRequired();
        var (terms, errors) = request.ToTerms();
        if (terms is null)
            return TypedResults.ValidationProblem(errors, extensions: request.CodedProblems());
        return Answer(await store.ReviseAsync(id, expected, terms, context.RequireClient().ClientId, cancellationToken), policy);
    }

    private static async Task<IResult> RevokeAsync(
        Guid id, HttpContext context, AgreementStore store, PolicySnapshotCache policy, CancellationToken cancellationToken)
    {
        if (ExpectedVersion(context) is not { } expected)
            return PreconditionRequired();
        return Answer(await store.RevokeAsync(id, expected, context.RequireClient().ClientId, cancellationToken), policy);
    }

    private static IResult Answer(AgreementWriteResult result, PolicySnapshotCache policy)
    {
        switch (result.Status)
        {
            case AgreementWriteStatus.Recorded:
                policy.Invalidate();
                return TypedResults.Ok(result.Agreement!.ToResponse());
            case AgreementWriteStatus.NotFound:
                return TypedResults.NotFound();
            // Two conflicts a tool handles apart: reload and try again, or record a new agreement.
            case AgreementWriteStatus.Conflict:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Version conflict",
                    detail: $"Version {result.Agreement?.Version} is current; reload it and send its number in If-Match.",
                    type: ProblemTypes.For("agreement.version-conflict"));
            case AgreementWriteStatus.Revoked:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Agreement revoked",
                    detail: "A revoked agreement is not revised; record a new agreement.", type: ProblemTypes.For("agreement.revoked"));
            default:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["agreement"] = [result.Reason ?? "invalid"] });
        }
    }

    /// <summary>The version the caller last saw, from <c>If-Match: "3"</c> or <c>If-Match: 3</c>.</summary>
    private static int? ExpectedVersion(HttpContext context) =>
        int.TryParse(context.Request.Headers.IfMatch.ToString().Trim('"', 'W', '/', ' '), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : null;

    private static IResult PreconditionRequired() =>
        TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required",
            detail: "Send the version you are replacing in If-Match, so that two stewards never overwrite each other.",
            type: ProblemTypes.For("agreement.if-match-required"));
}
