using Exchange.Access.Agreements;
using Exchange.Access.Enforcement;
using Exchange.Core.Validation;
using Exchange.Hub.Authentication;
using Exchange.Index.Queries;

namespace Exchange.Hub.Subjects;

/// <summary>
/// Subject fetch: what the caller may see of one subject, for a declared purpose. The release
/// service decides, audits and masks; this endpoint only reads the subject's records and answers.
/// A subject the caller may see nothing of and a key that names no subject get the same answer.
/// </summary>
internal static class SubjectsApi
{
    public static IEndpointRouteBuilder MapSubjectApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/subjects/{subjectKey}", FetchAsync)
            .RequireAuthorization(AccessPolicies.IndexReader)
            .WithTags("Subjects")
            .WithSummary("What the caller may see of one subject for a declared purpose; fields=graduate/name,... narrows the request");
        return endpoints;
    }

    private static async Task<IResult> FetchAsync(
        string subjectKey, string? purpose, string? fields, HttpContext context, SubjectRecordReader reader, ReleaseService release,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = context.RequireClient();
        var now = clock.GetUtcNow();
        var action = AuditedRequest.Action(context);
        if (!DataCategories.TryParsePurpose(purpose, out var declared))
        {
            return await PurposeRequired.RefuseAsync(release, caller, action, now, cancellationToken);
        }

        // A misspelt fields would otherwise release every field.
        if (UnknownParameters(context.Request.Query) is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(
                problems.ToDictionary(p => p.Parameter, p => new[] { p.Message }),
                detail: string.Join(" ", problems.Select(p => p.Message)),
                title: "The subject fetch is not valid",
                type: ProblemTypes.For(UnknownParameter),
                extensions: new Dictionary<string, object?> { ["problems"] = problems });
        }

        var requested = fields?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var records = await reader.LatestBySubjectAsync(subjectKey, cancellationToken);
        var released = await release.ReleaseSubjectAsync(
            new ReleaseRequest(caller, declared, subjectKey, requested, action, now),
            [.. records.Select(r => new ReleaseCandidate(r.Kind, r.SourceOrganisation, r.Record))], cancellationToken);

        return released.Document is { } document
            ? Results.Json(document)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not available",
                detail: "No subject with this key is available to this caller for this purpose.",
                type: ProblemTypes.For("not-available"));
    }

    /// <summary>A parameter the subject fetch does not take.</summary>
    public const string UnknownParameter = "subject.unknown-parameter";

    private static readonly string[] Parameters = ["purpose", "fields"];

    private static List<Exchange.Hub.Search.SearchProblemDto> UnknownParameters(IQueryCollection query) =>
    [
        .. query.Keys.Where(name => !Parameters.Contains(name, StringComparer.Ordinal)).Select(name => new Exchange.Hub.Search.SearchProblemDto(UnknownParameter, name,
            $"{name} is not a parameter of the subject fetch; it takes {string.Join(", ", Parameters)}.",
            $"{name} 不是主体查询的参数；可用参数：{string.Join(", ", Parameters)}。")),
    ];
}
