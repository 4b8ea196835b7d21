using System.Globalization;
using Exchange.Access.Agreements;
using Exchange.Access.Enforcement;
using Exchange.Core.Validation;
using Exchange.Hub.Authentication;
using Exchange.Index.Queries;
using Exchange.Index.Search;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace Exchange.Hub.Search;

/// <summary>
/// Search of the merged index (scope <c>index:read</c>): graduates, each released by the release
/// service as the caller's handle with only the fields it may see, one graduate by such a handle,
/// and vacancies. The index finds, the release service decides, audits and masks; these endpoints
/// parse and answer.
/// </summary>
internal static class SearchApi
{
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder endpoints)
    {
        var search = endpoints.MapGroup("/v1").RequireAuthorization(AccessPolicies.IndexReader).WithTags("Search");
        search.MapGet("/graduates", SearchGraduatesAsync)
            .WithSummary("Graduates the caller may see, as its handles with the released fields: purpose, region, education, major, cohort, skills, accommodation, policy, available, fields, limit, cursor");
        search.MapGet("/graduates/{handle}", FetchGraduateAsync)
            .WithSummary("One graduate by a handle released to the caller's organisation, released as the subject fetch releases it")
            // A misspelt fields would otherwise release every field.
            .RefuseUnknownQueryParameters("search")
            .ProducesProblem(StatusCodes.Status404NotFound);
        search.MapGet("/vacancies", SearchVacanciesAsync)
            .WithSummary("Jobs in force, one per real job: purpose, region, education, major, skills, accessibility, inclusive, validOn, limit, cursor");
        return endpoints;
    }

    private static async Task<Results<Ok<GraduatePageResponse>, ValidationProblem, ProblemHttpResult>> SearchGraduatesAsync(
        HttpContext context, GraduateSearch search, ReleaseService release, SearchCursors cursors, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = context.RequireClient();
        var now = clock.GetUtcNow();
        var action = AuditedRequest.Action(context);
        if (!DataCategories.TryParsePurpose(context.Request.Query["purpose"].ToString(), out var purpose))
        {
            return await PurposeRequired.RefuseAsync(release, caller, action, now, cancellationToken);
        }

        var problems = new List<SearchProblem>();
        var cursor = cursors.For(SearchCursors.Graduates, caller, purpose);
        if (SearchParameters.ParseGraduates(context.Request.Query, DateOnly.FromDateTime(now.UtcDateTime), cursor, problems) is not { } query)
            return Invalid(problems);
        var page = await GraduatePages.ReadAsync(search, release, query, new PageReleaseRequest(caller, purpose, query.Fields, query.FilteredFields, action, now),
            cancellationToken);
        if (page is null)
            return Invalid([SearchProblem.PolicyNotHeld(context.Request.Query["policy"].ToString())]);
        return TypedResults.Ok(new GraduatePageResponse(page.Items, query.Limit, Next(context, cursor, page.After)));
    }

    private static async Task<Results<Ok<System.Text.Json.Nodes.JsonObject>, ProblemHttpResult>> FetchGraduateAsync(
        string handle, string? purpose, string? fields, HttpContext context, IHandleDirectory directory, SubjectRecordReader reader, ReleaseService release,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = context.RequireClient();
        var now = clock.GetUtcNow();
        var action = AuditedRequest.Action(context);
        if (!DataCategories.TryParsePurpose(purpose, out var declared))
        {
            return await PurposeRequired.RefuseAsync(release, caller, action, now, cancellationToken);
        }

        // Another organisation's handle resolves to nothing, as an unknown one does.
        var subjectKey = await directory.ResolveAsync(caller.Organisation, handle, cancellationToken);
        if (subjectKey is null)
        {
            await release.AuditHandleUnknownAsync(caller, declared, handle, action, now, cancellationToken);
            return NotAvailable();
        }
        var requested = fields?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var records = await reader.LatestBySubjectAsync(subjectKey, cancellationToken);
        var released = await release.ReleaseSubjectAsync(new ReleaseRequest(caller, declared, subjectKey, requested, action, now),
            [.. records.Select(r => new ReleaseCandidate(r.Kind, r.SourceOrganisation, r.Record))], cancellationToken);
        return released.Document is { } document ? TypedResults.Ok(document) : NotAvailable();
    }

    // Vacancies are organisation data (docs/read-api.md, "Search"): the purpose is asked for and
    // checked as everywhere, and the answer holds the fields of VacancyResponse only.
    private static async Task<Results<Ok<VacancyPageResponse>, ValidationProblem, ProblemHttpResult>> SearchVacanciesAsync(
        HttpContext context, VacancySearch search, ReleaseService release, SearchCursors cursors, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = context.RequireClient();
        var now = clock.GetUtcNow();
        if (!DataCategories.TryParsePurpose(context.Request.Query["purpose"].ToString(), out var purpose))
        {
            return await PurposeRequired.RefuseAsync(release, caller, AuditedRequest.Action(context), now, cancellationToken);
        }

        var problems = new List<SearchProblem>();
        var cursor = cursors.For(SearchCursors.Vacancies, caller, purpose);
        if (SearchParameters.ParseVacancies(context.Request.Query, DateOnly.FromDateTime(now.UtcDateTime), cursor, problems) is not { } query)
            return Invalid(problems);
        var page = await search.SearchAsync(query.Filter, query.After, query.Limit, cancellationToken);
        return TypedResults.Ok(new VacancyPageResponse([.. page.Hits.Select(ToResponse)], query.Limit, Next(context, cursor, page.After)));
    }

    private static VacancyResponse ToResponse(VacancyHit hit) => new(
        hit.JobId, hit.EmployerCreditCode ?? "", hit.EmployerName ?? "", hit.Title ?? "", hit.OccupationCode ?? "", hit.WorkRegion ?? "", hit.MinEducationLevel,
        hit.Majors, hit.Skills, hit.ContractType, hit.PayMin, hit.PayMax, hit.Positions, hit.AccessibilityFeatures, hit.InclusiveHiring,
        hit.ValidFrom, hit.ValidThrough, hit.Channels);

    // The same query with the cursor of the next page; none after the last page.
    private static string? Next(HttpContext context, SearchCursor cursor, long? after)
    {
        if (after is not { } key)
            return null;
        var query = context.Request.Query.Where(q => q.Key != "cursor").ToDictionary(q => q.Key, q => (string?)q.Value.ToString(), StringComparer.Ordinal);
        query["cursor"] = cursor.Seal(key);
        return QueryHelpers.AddQueryString(context.Request.Path.ToString(), query.OrderBy(q => q.Key, StringComparer.Ordinal));
    }

    private static ProblemHttpResult NotAvailable() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not available",
        detail: "No graduate with this handle is available to this caller for this purpose.",
        type: ProblemTypes.For("not-available"));

    private static ValidationProblem Invalid(IReadOnlyList<SearchProblem> problems) => TypedResults.ValidationProblem(
        problems.GroupBy(p => p.Parameter).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
        detail: string.Join(" ", problems.Select(p => p.Message)),
        title: "The search request is not valid",
        type: ProblemTypes.For(problems.Select(p => p.Code).Distinct().Count() == 1 ? problems[0].Code : SearchProblem.InvalidParameter),
        extensions: new Dictionary<string, object?>
        {
            ["problems"] = problems.Select(p => new SearchProblemDto(p.Code, p.Parameter, p.Message, p.MessageZh)).ToList(),
            ["parameters"] = problems.Select(p => p.Parameter).Distinct().ToList(),
        });
}
