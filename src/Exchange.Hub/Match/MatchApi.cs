using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Enforcement;
using Exchange.Core.Validation;
using Exchange.Hub.Authentication;
using Exchange.Index.Matching;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Exchange.Hub.Matching;

/// <summary>
/// Match (scope <c>match</c>): candidates for a vacancy, vacancies and programmes for a graduate,
/// and why one vacancy suits one of a university's graduates. Retrieval finds, the engine scores,
/// the release service decides, audits and masks every candidate and every reason; this file
/// parses and answers.
/// </summary>
internal static class MatchApi
{
    public static IEndpointRouteBuilder MapMatchApi(this IEndpointRouteBuilder endpoints)
    {
        // Everything a match takes is in its body: a limit or purpose in the query would otherwise be ignored.
        var match = endpoints.MapGroup("/v1/match").RequireAuthorization(AccessPolicies.Matcher).WithTags("Match").RefuseUnknownQueryParameters("match");
        match.MapPost("", MatchAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Ranked candidates for a vacancy (its employer, matchers, and others as their agreements allow), or ranked vacancies and eligible programmes for a graduate (by the caller's handle, or by record id for the graduate's own university); each with a score and bilingual reasons");
        match.MapPost("/explain", ExplainAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Why a vacancy suits one of the caller university's graduates (by record id): the score and every reason in Chinese and English, read as the graduate's own data");
        return endpoints;
    }

    private static async Task<Results<Ok<VacancyMatchResponse>, Ok<GraduateMatchResponse>, ValidationProblem, ProblemHttpResult>> MatchAsync(
        MatchRequest request, HttpContext context, MatchService matches, ReleaseService release, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = context.RequireClient();
        var action = AuditedRequest.Action(context);
        if (!DataCategories.TryParsePurpose(request.Purpose, out var purpose))
        {
            return await PurposeRequired.RefuseAsync(release, caller, action, clock.GetUtcNow(), cancellationToken,
                extensions: new Dictionary<string, object?> { ["field"] = "purpose" });
        }

        var problems = MatchRequestCheck.Check(request);
        if (problems.Count > 0)
            return Invalid(problems);

        var limit = request.Limit ?? MatchRequestCheck.DefaultLimit;
        if (request.Vacancy is { } vacancy)
        {
            var answer = await matches.CandidatesAsync(caller, purpose, vacancy, limit, action, cancellationToken);
            return answer is null ? NotAvailable("vacancy") : TypedResults.Ok(answer);
        }

        var graduate = await matches.VacanciesAsync(caller, purpose, request.Graduate!, limit, action, cancellationToken);
        return graduate is null ? NotAvailable("graduate") : TypedResults.Ok(graduate);
    }

    private static async Task<Results<Ok<MatchExplanation>, ValidationProblem, ProblemHttpResult>> ExplainAsync(
        ExplainRequest request, HttpContext context, MatchService matches, CancellationToken cancellationToken)
    {
        var caller = context.RequireClient();
        var problems = MatchRequestCheck.Check(request);
        if (problems.Count > 0)
            return Invalid(problems);
        if (caller.Role != PartyRole.University)
            return NotAvailable("graduate");
        var explanation = await matches.ExplainAsync(caller, request.Graduate!.RecordId!, request.Vacancy!, AuditedRequest.Action(context), cancellationToken);
        return explanation is null ? NotAvailable("graduate") : TypedResults.Ok(explanation);
    }

    // Not found and not allowed look the same from outside.
    private static ProblemHttpResult NotAvailable(string field) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not available",
        detail: $"No {field} with this reference is available to this caller.", type: ProblemTypes.For("not-available"),
        extensions: new Dictionary<string, object?> { ["field"] = field });

    private static ValidationProblem Invalid(IReadOnlyList<MatchProblem> problems) => TypedResults.ValidationProblem(
        problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
        detail: string.Join(" ", problems.Select(p => p.Message)),
        title: "The match request is not valid",
        type: ProblemTypes.For(problems.Select(p => p.Code).Distinct().Count() == 1 ? problems[0].Code : "match.invalid-request"),
        extensions: new Dictionary<string, object?> { ["problems"] = problems });
}
