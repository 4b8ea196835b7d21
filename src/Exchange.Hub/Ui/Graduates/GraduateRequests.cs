using Exchange.Access.Audit;
using Exchange.Access.Clients;
using Exchange.Access.Decisions;
using Exchange.Access.Requests;
using Exchange.Hub.Ui.Agreements;

namespace Exchange.Hub.Ui.Graduates;

/// <summary>
/// Graduates' requests to correct or delete: made by a graduate for their own subject, handled by a
/// steward; each step audited like the API's writes (caller, route, the subject by its identified handle).
/// </summary>
public sealed class GraduateRequests(SubjectRequestStore store, IAuditLog audit, SubjectHandles handles, TimeProvider clock)
{
    /// <summary>The rule audited when a graduate makes a request.</summary>
    public const string Made = "subject.request";

    /// <summary>The rule audited when a steward marks one handled.</summary>
    public const string Handled = "subject.request-handled";

    public Task<IReadOnlyList<SubjectRequest>> ListOwnAsync(string subjectKey, CancellationToken cancellationToken) =>
        store.ListBySubjectAsync(subjectKey, cancellationToken);

    public Task<IReadOnlyList<SubjectRequest>> ListOpenAsync(CancellationToken cancellationToken) => store.ListOpenAsync(cancellationToken);

    public Task<SubjectRequest?> FindAsync(Guid id, CancellationToken cancellationToken) => store.FindAsync(id, cancellationToken);

    /// <summary>Stores the graduate's request when the form holds one; its problems otherwise.</summary>
    public async Task<(SubjectRequest? Request, FormProblems Problems)> MakeAsync(ClientIdentity university, string subjectKey, RequestForm form,
        IReadOnlyList<RecordReference> ownRecords, string action, CancellationToken cancellationToken)
    {
        var problems = new FormProblems();
        var (kind, record) = form.Check(ownRecords, problems);
        if (problems.Any)
            return (null, problems);
        var request = await store.CreateAsync(subjectKey, university.ClientId, university.Organisation, kind, record, form.Field, form.Details!,
            form.Contact!, form.Contact == "university" ? null : form.ContactDetail, cancellationToken);
        await audit.AppendAsync(new AuditRecord(clock.GetUtcNow(), university.ClientId, university.Organisation, "", handles.Identified(subjectKey), action,
            [], "permit", Made), cancellationToken);
        return (request, problems);
    }

    /// <summary>Marks an open request handled with the steward's note; null when it was not open.</summary>
    public async Task<SubjectRequest?> HandleAsync(ClientIdentity steward, Guid id, string note, string action, CancellationToken cancellationToken)
    {
        var handled = await store.HandleAsync(id, steward.ClientId, note, cancellationToken);
        if (handled is not null)
            await audit.AppendAsync(new AuditRecord(clock.GetUtcNow(), steward.ClientId, steward.Organisation, "", handles.Identified(handled.SubjectKey), action,
                [], "permit", Handled), cancellationToken);
        return handled;
    }
}
