using System.Globalization;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Enforcement;
using Exchange.Core.Validation;
using Exchange.Hub.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Exchange.Hub.Changes;

/// <summary>
/// The change feed (<c>GET /v1/changes</c>): the merged index's changes that the caller may see
/// for its declared purpose, a page at a time, through the release service. The endpoint parses
/// the cursor and the limit, reads a page and answers; what is hidden leaves no trace in the page.
/// </summary>
internal static class ChangesApi
{
    public static IEndpointRouteBuilder MapChangesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/changes", ReadAsync)
            .RequireAuthorization(AccessPolicies.IndexReader)
            .WithTags("Changes")
            // A misnamed cursor (cursor=, the search's name) would otherwise start the feed again at every page.
            .RefuseUnknownQueryParameters("changes")
            .WithSummary("The merged index's changes the caller may see for a declared purpose: purpose=matching, after=<the next cursor of the last page>, limit=1..1000 (default 100)");
        return endpoints;
    }

    private static async Task<Results<Ok<ChangePageResponse>, ValidationProblem, ProblemHttpResult>> ReadAsync(
        string? purpose, string? after, string? limit, HttpContext context, ChangeFeed feed, ChangeCursor cursors, ReleaseService release,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = context.RequireClient();
        var now = clock.GetUtcNow();
        var action = AuditedRequest.Action(context);
        if (!DataCategories.TryParsePurpose(purpose, out var declared))
        {
            return await PurposeRequired.RefuseAsync(release, caller, action, now, cancellationToken);
        }

        var problems = new List<ChangeProblemDto>();
        var size = ChangeFeed.DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > ChangeFeed.MaxLimit))
            problems.Add(ChangeProblems.Limit(limit));
        long position = 0;
        if (after is not null && !cursors.TryDecode(after, caller, declared, out position))
            problems.Add(ChangeProblems.Cursor());
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(
                problems.ToDictionary(p => p.Parameter, p => new[] { p.Message }),
                detail: string.Join(" ", problems.Select(p => p.Message)),
                title: "The change-feed request is not valid",
                type: ProblemTypes.For(problems.Count == 1 ? problems[0].Code : "changes.invalid-request"),
                extensions: new Dictionary<string, object?> { ["problems"] = problems });
        }

        var page = await feed.ReadAsync(new ChangeReleaseRequest(caller, declared, action, now), position, size, cancellationToken);
        return TypedResults.Ok(ToResponse(page, cursors, caller, declared));
    }

    internal static ChangePageResponse ToResponse(ChangeFeedPage page, ChangeCursor cursors, ClientIdentity caller, Purpose purpose) => new(
        [.. page.Changes.Select(c => ToResponse(c, cursors, caller, purpose))],
        cursors.Encode(caller, purpose, page.ReadUpTo));

    internal static ChangeEventResponse ToResponse(ReleasedChange change, ChangeCursor cursors, ClientIdentity caller, Purpose purpose) => new(
        cursors.EventId(caller, purpose, change.Sequence), change.Type, change.At, change.Subject, change.From,
        change.RecordKind is { } kind ? new ChangeRecordResponse(kind, change.Provider!) : null, change.Data);
}
