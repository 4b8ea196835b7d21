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
            .WithSummary("What the caller may see of one subject for a declared purpose; fields=graduate/name,... narrows the request")
            // A misspelt fields would otherwise release every field.
            .RefuseUnknownQueryParameters("subject")
            // Not allowed and does not exist answer alike.
            .ProducesProblem(StatusCodes.Status404NotFound);
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
}
