using Exchange.Access.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Exchange.Hub.Steward;

/// <summary>One audit entry as stewards read it.</summary>
public sealed record AuditEntryResponse(
    long Sequence, DateTimeOffset At, string CallerClientId, string CallerOrganisation, string Purpose, string SubjectHandle,
    string Action, IReadOnlyList<string> FieldsReleased, string Decision, string Rule, string PreviousHash, string Hash);

/// <summary>A page of audit entries; <c>next</c> is the <c>after</c> of the next page.</summary>
public sealed record AuditPageResponse(IReadOnlyList<AuditEntryResponse> Entries, long? Next);

internal static class AuditApi
{
    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder steward)
    {
        steward.MapGet("/audit", ReadAsync).WithTags("Audit")
            .WithSummary("Audit entries filtered by subject handle, caller (client id or organisation), time, decision, the start of the action and rule, oldest first");
        return steward;
    }

    private static async Task<Results<Ok<AuditPageResponse>, ValidationProblem>> ReadAsync(
        string? subject, string? caller, DateTimeOffset? from, DateTimeOffset? until, string? decision, string? action, string? rule, long? after, int? limit,
        AuditQuery query, CancellationToken cancellationToken)
    {
        var pageSize = limit ?? 100;
        if (pageSize is < 1 or > AuditQuery.MaxLimit)
            return StewardApi.LimitOutOfRange(AuditQuery.MaxLimit);
        if (decision is not null && !AuditQueryFilter.Decisions.Contains(decision))
            return QueryParameterProblems.Invalid(StewardApi.Family, "decision", "decision is permit or deny.", "decision 应为 permit 或 deny。");
        var page = await query.ReadAsync(new AuditQueryFilter(subject, caller, from, until, decision, NullIfEmpty(action), NullIfEmpty(rule)), after ?? 0, pageSize,
            cancellationToken);
        return TypedResults.Ok(new AuditPageResponse(
            page.Entries.Select(ToResponse).ToList(),
            page.NextAfter));
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    internal static AuditEntryResponse ToResponse(this AuditEntry e) => new(e.Sequence, e.Record.At, e.Record.CallerClientId, e.Record.CallerOrganisation,
        e.Record.Purpose, e.Record.SubjectHandle, e.Record.Action, e.Record.FieldsReleased, e.Record.Decision, e.Record.Rule,
        e.PreviousHash, e.Hash);
}
