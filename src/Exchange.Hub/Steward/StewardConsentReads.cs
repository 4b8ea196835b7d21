using Exchange.Access.Audit;
using Exchange.Access.Consent;
using Exchange.Access.Decisions;
using Exchange.Access.Enforcement;
using Exchange.Hub.Authentication;

namespace Exchange.Hub.Steward;

/// <summary>
/// A steward's reads of consents, each audited as the caller's request — one sequence for the
/// steward API and the pages. A subject's consents say whom the graduate shares what with, so
/// reading them is personal data read like any other: audited under the subject's handle for the
/// steward's organisation (rule <c>steward.consent-read</c>), never under the linkage key.
/// </summary>
public sealed class StewardConsentReads(ConsentStore store, IAuditLog audit, SubjectHandles handles, IHandleDirectory directory, TimeProvider clock)
{
    /// <summary>
    /// The subject a steward names: a linkage key as it is, or a handle read in the audit, resolved
    /// whichever organisation it was released to. Null, and the miss audited, when no subject was
    /// released under the handle.
    /// </summary>
    public async Task<string?> SubjectKeyOfAsync(string subjectOrHandle, HttpContext context, CancellationToken cancellationToken)
    {
        if (!SubjectHandles.IsHandle(subjectOrHandle))
            return subjectOrHandle;
        var key = await directory.ResolveForStewardAsync(subjectOrHandle, cancellationToken);
        if (key is null)
            await AuditAsync(context, subjectOrHandle, "handle.unknown", cancellationToken, "deny");
        return key;
    }

    public async Task<IReadOnlyList<ConsentGrant>> ListBySubjectAsync(string subjectKey, HttpContext context, CancellationToken cancellationToken)
    {
        var grants = await store.ListBySubjectAsync(subjectKey, cancellationToken);
        var caller = context.RequireClient();
        await AuditAsync(context, handles.Candidate(caller.Organisation, subjectKey), "steward.consent-read", cancellationToken);
        return grants;
    }

    /// <summary>One consent, audited under its subject's handle as a read of the subject's consents; null, and nothing audited, when there is none.</summary>
    public async Task<ConsentGrant?> FindAsync(string sourceOrganisation, string sourceRecordId, HttpContext context, CancellationToken cancellationToken)
    {
        var consent = await store.FindAsync(sourceOrganisation, sourceRecordId, cancellationToken);
        if (consent is not null)
            await AuditAsync(context, handles.Candidate(context.RequireClient().Organisation, consent.SubjectKey), "steward.consent-read", cancellationToken);
        return consent;
    }

    /// <summary>
    /// Every version of one consent, newest first, audited under its subject's handle
    /// (<c>steward.consent-history-read</c>); empty, and nothing audited, when there is no such consent.
    /// </summary>
    public async Task<IReadOnlyList<ConsentVersion>> HistoryAsync(string sourceOrganisation, string sourceRecordId, HttpContext context,
        CancellationToken cancellationToken)
    {
        var versions = await store.ListVersionsAsync(sourceOrganisation, sourceRecordId, cancellationToken);
        if (versions.Count > 0)
            await AuditAsync(context, handles.Candidate(context.RequireClient().Organisation, versions[0].Consent.SubjectKey), "steward.consent-history-read",
                cancellationToken);
        return versions;
    }

    /// <summary>Consent changes after a sequence number: linkage keys of many subjects at once, so the read is audited too.</summary>
    public async Task<IReadOnlyList<ConsentChange>> ChangesAsync(long after, int limit, HttpContext context, CancellationToken cancellationToken)
    {
        var changes = await store.ListChangesAsync(after, limit, cancellationToken);
        await AuditAsync(context, "", "steward.consent-changes-read", cancellationToken);
        return changes;
    }

    private Task AuditAsync(HttpContext context, string subjectHandle, string rule, CancellationToken cancellationToken, string decision = "permit")
    {
        var caller = context.RequireClient();
        return audit.AppendAsync(new AuditRecord(clock.GetUtcNow(), caller.ClientId, caller.Organisation, "", subjectHandle, AuditedRequest.Action(context), [], decision, rule),
            cancellationToken);
    }
}
