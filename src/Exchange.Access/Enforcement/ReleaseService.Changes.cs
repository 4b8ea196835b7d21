using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Exchange.Access.Agreements;
using Exchange.Access.Audit;
using Exchange.Access.Decisions;
using Exchange.Core.Model;

namespace Exchange.Access.Enforcement;

public sealed partial class ReleaseService
{
    // A notice is judged just before what it announces took effect: by then the subscriber may have lost the right to hear of it.
    private static readonly TimeSpan JustBefore = TimeSpan.FromTicks(10);

    /// <summary>
    /// What one subscriber may see of a run of index changes, in their order; the others are
    /// dropped without trace. Every decision is audited, refusals included.
    /// <list type="bullet">
    /// <item>A create or an update carries the record: it is decided as a subject read of that record is, at the read's instant, and masked to the allowed fields. A withdrawn consent therefore stops a subject's records at once, earlier ones included.</item>
    /// <item>A deletion, an erasure, a merge or a split is a notice carrying handles only: it reaches a subscriber that could see the subject's records just before it took effect (a deletion or erasure caused by a withdrawal: just before the withdrawal).</item>
    /// <item>A consent withdrawal reaches exactly the subscribers it cut off: those that could see the subject's records just before it and cannot from then on.</item>
    /// </list>
    /// A change about a subject known by no linkage key is refused (<c>subject.missing</c>): no subscriber can know it.
    /// Deciding stops once <see cref="ChangeReleaseRequest.ReleaseAtMost"/> changes are released: the answer then
    /// covers the changes up to the last one released, and those after it are neither decided nor audited.
    /// </summary>
    public async Task<IReadOnlyList<ReleasedChange>> ReleaseChangesAsync(ChangeReleaseRequest request, IReadOnlyList<ChangeCandidate> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.ReleaseAtMost);
        using var activity = ReleaseTelemetry.Source.StartActivity("release changes");
        activity?.SetTag("exchange.action", request.Action);
        activity?.SetTag("exchange.purpose", request.Purpose.Name());
        if (changes.Count == 0)
            return [];
        var pdp = await policy.GetDecisionPointAsync(cancellationToken);
        var audits = new List<AuditRecord>();
        var decisions = new List<AccessDecision>();
        var released = new List<ReleasedChange>();
        var issued = new List<IssuedHandle>();
        foreach (var change in changes)
        {
            if (released.Count == request.ReleaseAtMost)
                break;
            var (decision, fields, outcome) = DecideChange(pdp, request, change);
            decisions.Add(decision);
            audits.Add(new AuditRecord(request.At, request.Caller.ClientId, request.Caller.Organisation, request.Purpose.Name(), decision.SubjectHandle,
                request.Action, outcome is null ? [] : fields, outcome is null ? "deny" : "permit", decision.Rule));
            if (outcome is null)
                continue;
            released.Add(outcome);
            issued.Add(new IssuedHandle(request.Caller.Organisation, outcome.Subject, change.SubjectKey!));
        }

        await audit.AppendManyAsync(audits, cancellationToken);
        // Written down before they leave, so the subscriber can fetch or match the subjects by them.
        await directory.RememberAsync(issued, request.At, cancellationToken);
        telemetry.Decided(decisions);
        activity?.SetTag("exchange.release.decisions", decisions.Count);
        activity?.SetTag("exchange.release.released", released.Count);
        return released;
    }

    private (AccessDecision Decision, IReadOnlyList<string> Fields, ReleasedChange? Released) DecideChange(
        IPolicyDecisionPoint pdp, ChangeReleaseRequest request, ChangeCandidate change)
    {
        var caller = request.Caller;
        if (string.IsNullOrEmpty(change.SubjectKey))
            return (pdp.Decide(new AccessRequest(caller, request.Purpose, "", FrozenSet<string>.Empty, request.At)), [], null);
        var key = change.SubjectKey;
        IReadOnlyList<string> notice = ["change/" + change.Type];

        if (ChangeTypes.CarriesData(change.Type))
        {
            if (change.Record is not { Data: { } data } record)
                return (Denied(caller, key, PolicyRules.FieldsMissing), [], null);
            var decision = pdp.Decide(new AccessRequest(caller, request.Purpose, key, FieldsFor(record.Kind, null), request.At)
            {
                ProviderOrganisation = record.SourceOrganisation,
                CertificationType = CertificationTypeOf(record.Kind, data),
            });
            if (decision.IsDenied || !ReleasedKinds.Contains(record.Kind, StringComparer.Ordinal))
                return (decision.IsDenied ? decision : Denied(caller, key, PolicyRules.FieldNeverReleased), [], null);
            var masked = FieldMask.Copy(data, decision.AllowedFields, record.Kind);
            return (decision, [.. decision.AllowedFields.Order(StringComparer.Ordinal)],
                new ReleasedChange(change.Sequence, change.Type, change.At, decision.SubjectHandle, null, record.Kind, record.SourceOrganisation, masked));
        }

        var sources = change.Type == ChangeTypes.RecordDeleted && change.Record is { } deleted
            ? [new ChangedRecordSource(deleted.Kind, deleted.SourceOrganisation)]
            : change.SubjectSources;
        if (change.Type == ChangeTypes.ConsentWithdrawn)
        {
            if (change.WithdrawnAt is not { } withdrawnAt)
                return (Denied(caller, key, PolicyRules.ConsentNone), [], null);
            var before = Entitled(pdp, request, key, sources, withdrawnAt - JustBefore);
            if (before.IsDenied)
                return (before, [], null);
            var after = Entitled(pdp, request, key, sources, withdrawnAt);
            // Still entitled: the withdrawal was of a consent this subscriber does not rely on, and is none of its business.
            if (!after.IsDenied)
                return (Denied(caller, key, PolicyRules.ConsentNone, after.SubjectHandle), [], null);
            return (before, notice, new ReleasedChange(change.Sequence, change.Type, change.At, before.SubjectHandle, null, null, null, null));
        }

        var effective = change.Type is ChangeTypes.RecordDeleted or ChangeTypes.SubjectErased && change.WithdrawnAt is { } w && w < change.At ? w : change.At;
        var entitled = Entitled(pdp, request, key, sources, effective - JustBefore);
        if (entitled.IsDenied)
            return (entitled, [], null);
        string? from = null;
        if (change.Type is ChangeTypes.SubjectMerged or ChangeTypes.SubjectSplit && !string.IsNullOrEmpty(change.FromSubjectKey))
            from = entitled.SubjectHandle.StartsWith(SubjectHandles.IdentifiedPrefix, StringComparison.Ordinal)
                ? handles.Identified(change.FromSubjectKey)
                : handles.Candidate(caller.Organisation, change.FromSubjectKey);
        return (entitled, notice, new ReleasedChange(change.Sequence, change.Type, change.At, entitled.SubjectHandle, from,
            change.Record?.Kind, change.Record?.SourceOrganisation, null));
    }

    // May the subscriber see any of the subject's records at this instant? The first permit decides; with none, the last denial.
    private static AccessDecision Entitled(IPolicyDecisionPoint pdp, ChangeReleaseRequest request, string key, IReadOnlyList<ChangedRecordSource> sources, DateTimeOffset at)
    {
        AccessDecision? denied = null;
        foreach (var source in sources.Where(s => ReleasedKinds.Contains(s.Kind, StringComparer.Ordinal)))
        {
            var decision = pdp.Decide(new AccessRequest(request.Caller, request.Purpose, key, FieldsFor(source.Kind, null), at)
            {
                ProviderOrganisation = source.SourceOrganisation,
            });
            if (!decision.IsDenied)
                return decision;
            denied = decision;
        }
        return denied ?? pdp.Decide(new AccessRequest(request.Caller, request.Purpose, key, FieldsFor("graduate", null), at));
    }

    private AccessDecision Denied(Clients.ClientIdentity caller, string key, string rule, string? handle = null) =>
        new(FrozenSet<string>.Empty, rule, handle ?? handles.Candidate(caller.Organisation, key));
}
