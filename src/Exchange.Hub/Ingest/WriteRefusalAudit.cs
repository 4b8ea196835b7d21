using Exchange.Access.Audit;
using Exchange.Access.Clients;
using Exchange.Access.Decisions;
using Exchange.Core.Validation;
using Exchange.Hub.Authentication;

namespace Exchange.Hub.Ingest;

/// <summary>
/// Writes an audit entry for every record of a push that the write policy refused (a problem
/// whose code starts with <c>access.</c>): refusals are decisions, and every decision is audited.
/// The subject appears as the handle the caller would see, never by linkage key.
/// </summary>
internal sealed class WriteRefusalAudit(IAuditLog audit, SubjectHandles handles, TimeProvider clock)
{
    private const string AccessPrefix = "access.";

    public async Task AuditAsync(HttpContext context, ClientIdentity caller, IEnumerable<(IReadOnlyList<Problem> Problems, string? SubjectKey)> rejected, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var action = AuditedRequest.Action(context);
        var entries = new List<AuditRecord>();
        foreach (var (problems, subjectKey) in rejected)
        {
            foreach (var problem in problems.Where(p => p.Code.StartsWith(AccessPrefix, StringComparison.Ordinal)))
            {
                entries.Add(new AuditRecord(now, caller.ClientId, caller.Organisation, "",
                    subjectKey is null ? "" : handles.Candidate(caller.Organisation, subjectKey), action, [], "deny", problem.Code));
            }
        }
        if (entries.Count > 0)
            await audit.AppendManyAsync(entries, cancellationToken);
    }
}
