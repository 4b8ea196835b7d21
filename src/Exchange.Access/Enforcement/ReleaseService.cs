using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Access.Agreements;
using Exchange.Access.Audit;
using Exchange.Access.Clients;
using Exchange.Access.Decisions;
using Exchange.Core.Json;
using Exchange.Core.Model;

namespace Exchange.Access.Enforcement;

/// <summary>
/// The one place a read path releases personal data: decide each record with the policy
/// decision point, audit every decision (refusals and unknown subjects included), and mask each
/// record to the allowed fields before anything is serialised. Each handle it releases is
/// written to the <see cref="IHandleDirectory"/>, the only way back from a handle to its subject. Subject fetch, search, match, the change feed and reports use it;
/// bulk export is to use it too, so that no endpoint decides on its own.
/// </summary>
public sealed partial class ReleaseService(PolicySnapshotCache policy, IAuditLog audit, SubjectHandles handles, IHandleDirectory directory, ReleaseTelemetry telemetry)
{
    private static readonly string[] ReleasedKinds = ["graduate", "certification", "placement"];

    private static readonly IReadOnlySet<string> NoFilters = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Audits a read refused before any subject was looked at: no purpose, or one the hub does not know.</summary>
    public Task AuditPurposeMissingAsync(ClientIdentity caller, string action, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        telemetry.Decided("deny", PolicyRules.PurposeMissing);
        return audit.AppendAsync(new AuditRecord(at, caller.ClientId, caller.Organisation, "", "", action, [], "deny", PolicyRules.PurposeMissing), cancellationToken);
    }

    /// <summary>
    /// Audits a read by a handle the caller's organisation was never given (unknown, or another
    /// organisation's): refused as an unknown subject, under the handle as named.
    /// </summary>
    public Task AuditHandleUnknownAsync(ClientIdentity caller, Purpose purpose, string handle, string action, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        telemetry.Decided("deny", PolicyRules.SubjectUnknown);
        return audit.AppendAsync(new AuditRecord(at, caller.ClientId, caller.Organisation, purpose.Name(), handle, action, [], "deny", PolicyRules.SubjectUnknown),
            cancellationToken);
    }

    /// <summary>
    /// What the caller may see of one subject, given every stored record of it (none when the
    /// key names no subject). Each record is decided on its own, its provider being its sender; a
    /// certification is judged under hardship or disability by its type; the derived eligibility
    /// is decided per provider (see <see cref="DecideEligibility"/>). Every decision is audited.
    /// </summary>
    public async Task<SubjectRelease> ReleaseSubjectAsync(ReleaseRequest request, IReadOnlyList<ReleaseCandidate> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(records);
        using var activity = ReleaseTelemetry.Source.StartActivity("release subject");
        activity?.SetTag("exchange.action", request.Action);
        activity?.SetTag("exchange.purpose", request.Purpose.Name());
        var caller = request.Caller;
        if (records.Count == 0)
        {
            telemetry.Decided("deny", PolicyRules.SubjectUnknown);
            activity?.SetTag("exchange.release.outcome", "deny");
            await audit.AppendAsync(new AuditRecord(request.At, caller.ClientId, caller.Organisation, request.Purpose.Name(),
                handles.Candidate(caller.Organisation, request.SubjectKey), request.Action, [], "deny", PolicyRules.SubjectUnknown), cancellationToken);
            return SubjectRelease.Nothing;
        }

        var pdp = await policy.GetDecisionPointAsync(cancellationToken);
        var outcome = DecideSubject(pdp, request, records, NoFilters);
        await audit.AppendManyAsync([.. outcome.Decisions.Select(d => ToAudit(request, d))], cancellationToken);
        telemetry.Decided(outcome.Decisions);
        activity?.SetTag("exchange.release.decisions", outcome.Decisions.Count);
        activity?.SetTag("exchange.release.outcome", outcome.Document is null ? "deny" : "permit");
        if (outcome.Document is null)
            return SubjectRelease.Nothing;
        // Written down before it leaves, so the caller can name the subject by it later.
        await directory.RememberAsync([new IssuedHandle(caller.Organisation, outcome.Handle, request.SubjectKey)], request.At, cancellationToken);
        return SubjectRelease.Of(outcome.Document);
    }

    /// <summary>
    /// What the caller may see of each subject of a search's page, in the page's order: each is
    /// decided exactly as <see cref="ReleaseSubjectAsync"/> decides one, under one policy snapshot;
    /// the decisions of the whole page are audited in one append and its handles written down in
    /// one write. A subject found by a filter on a field the caller may not read of it is refused
    /// (rule <c>search.filter-not-released</c>) and comes back as <see cref="SubjectRelease.Nothing"/>.
    /// </summary>
    public async Task<IReadOnlyList<SubjectRelease>> ReleasePageAsync(PageReleaseRequest request, IReadOnlyList<SubjectCandidates> subjects,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(subjects);
        using var activity = ReleaseTelemetry.Source.StartActivity("release page");
        activity?.SetTag("exchange.action", request.Action);
        activity?.SetTag("exchange.purpose", request.Purpose.Name());
        if (subjects.Count == 0)
            return [];
        var pdp = await policy.GetDecisionPointAsync(cancellationToken);
        var audited = new List<AuditRecord>();
        var issued = new List<IssuedHandle>();
        var released = new List<SubjectRelease>(subjects.Count);
        foreach (var subject in subjects)
        {
            var one = new ReleaseRequest(request.Caller, request.Purpose, subject.SubjectKey, request.RequestedFields, request.Action, request.At);
            var outcome = DecideSubject(pdp, one, subject.Records, request.FilteredFields);
            audited.AddRange(outcome.Decisions.Select(d => ToAudit(one, d)));
            telemetry.Decided(outcome.Decisions);
            if (outcome.Document is null)
            {
                released.Add(SubjectRelease.Nothing);
                continue;
            }
            issued.Add(new IssuedHandle(request.Caller.Organisation, outcome.Handle, subject.SubjectKey));
            released.Add(SubjectRelease.Of(outcome.Document));
        }

        await audit.AppendManyAsync(audited, cancellationToken);
        activity?.SetTag("exchange.release.decisions", audited.Count);
        activity?.SetTag("exchange.release.released", issued.Count);
        await directory.RememberAsync(issued, request.At, cancellationToken);
        return released;
    }


    /// <summary>
    /// What the caller may see of each of many subjects, decided against one policy snapshot: each
    /// subject as <see cref="ReleaseSubjectAsync"/> decides it, every decision audited in one
    /// append, the released handles written down in one go. Each note is masked by the categories
    /// released for its own subject. The answer is in the order given, null for a subject the
    /// caller may see nothing of (or that has no records).
    /// </summary>
    public async Task<IReadOnlyList<ReleasedSubject?>> ReleaseSubjectsAsync(SubjectBatchRequest request, IReadOnlyList<SubjectInBatch> subjects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(subjects);
        using var activity = ReleaseTelemetry.Source.StartActivity("release subjects");
        activity?.SetTag("exchange.action", request.Action);
        activity?.SetTag("exchange.purpose", request.Purpose.Name());
        activity?.SetTag("exchange.release.subjects", subjects.Count);
        var caller = request.Caller;
        var pdp = await policy.GetDecisionPointAsync(cancellationToken);
        var audits = new List<AuditRecord>();
        var issued = new List<IssuedHandle>();
        var answers = new List<ReleasedSubject?>(subjects.Count);
        foreach (var subject in subjects)
        {
            var single = new ReleaseRequest(caller, request.Purpose, subject.SubjectKey, request.RequestedFields, request.Action, request.At);
            if (subject.Records.Count == 0)
            {
                telemetry.Decided("deny", PolicyRules.SubjectUnknown);
                audits.Add(new AuditRecord(request.At, caller.ClientId, caller.Organisation, request.Purpose.Name(),
                    handles.Candidate(caller.Organisation, subject.SubjectKey), request.Action, [], "deny", PolicyRules.SubjectUnknown));
                answers.Add(null);
                continue;
            }

            var outcome = DecideSubject(pdp, single, subject.Records, NoFilters);
            audits.AddRange(outcome.Decisions.Select(d => ToAudit(single, d)));
            telemetry.Decided(outcome.Decisions);
            if (outcome.Document is null)
            {
                answers.Add(null);
                continue;
            }
            issued.Add(new IssuedHandle(caller.Organisation, outcome.Handle, subject.SubjectKey));
            answers.Add(new ReleasedSubject(outcome.Handle, outcome.Document, [.. subject.Notes.Select(n => Shown(n, outcome.ReleasedCategories))]));
        }

        if (audits.Count > 0)
            await audit.AppendManyAsync(audits, cancellationToken);
        // Written down before they leave, so the caller can name the subjects by them later.
        await directory.RememberAsync(issued, request.At, cancellationToken);
        activity?.SetTag("exchange.release.decisions", audits.Count);
        activity?.SetTag("exchange.release.outcome", issued.Count > 0 ? "permit" : "deny");
        return answers;
    }


    // The first of the note and its fallbacks whose categories were all released, copied so that one note can serve several answers.
    private static JsonNode? Shown(GuardedNote? note, HashSet<DataCategory> released)
    {
        for (; note is not null; note = note.Otherwise)
        {
            if (note.Reveals.All(released.Contains))
                return note.Content.DeepClone();
        }
        return null;
    }

    /// <summary>
    /// Decides and masks one subject's records; nothing is audited or written here. With filtered
    /// fields, the graduate record's decision is asked for them too: a subject whose graduate
    /// decision does not allow them all is refused as a whole, and that one refusal replaces its
    /// decisions, since nothing of it leaves.
    /// </summary>
    private static SubjectOutcome DecideSubject(IPolicyDecisionPoint pdp, ReleaseRequest request, IReadOnlyList<ReleaseCandidate> records,
        IReadOnlySet<string> filteredFields)
    {
        var caller = request.Caller;
        var document = new JsonObject();
        var handle = "";
        var decisions = new List<AccessDecision>();
        var filtersAllowed = filteredFields.Count == 0;
        var releasedCategories = new HashSet<DataCategory>();
        foreach (var record in records.Where(r => ReleasedKinds.Contains(r.Kind, StringComparer.Ordinal)))
        {
            var fields = FieldsFor(record.Kind, request.RequestedFields);
            if (record.Kind == "graduate")
                fields.UnionWith(filteredFields);
            var certificationType = record.Kind == "certification" && record.Record.TryGetProperty("certificationType", out var type) ? type.GetString() : null;
            var decision = pdp.Decide(new AccessRequest(caller, request.Purpose, request.SubjectKey, fields, request.At)
            {
                ProviderOrganisation = record.SourceOrganisation,
                CertificationType = certificationType,
            });
            decisions.Add(decision);
            handle = decision.SubjectHandle;
            if (record.Kind == "graduate" && filteredFields.IsSubsetOf(decision.AllowedFields))
                filtersAllowed = true;
            if (decision.IsDenied)
                continue;
            foreach (var field in decision.AllowedFields)
                releasedCategories.UnionWith(FieldCatalogue.RequiredCategories(field, certificationType));
            var masked = FieldMask.Apply(JsonNode.Parse(record.Record.GetRawText())!.AsObject(), decision.AllowedFields, record.Kind);
            if (record.Kind == "graduate")
                document["graduate"] = masked;
            else
                ((document[record.Kind + "s"] ??= new JsonArray()).AsArray()).Add(masked);
        }

        if (!filtersAllowed)
        {
            var refusal = new AccessDecision(NoFilters, PolicyRules.FilterNotReleased, handle);
            return new SubjectOutcome(null, [refusal], handle, []);
        }

        if (records.Any(r => r.Kind == "certification")
            && (request.RequestedFields is null || request.RequestedFields.Any(f => f.StartsWith("derived/", StringComparison.Ordinal))))
        {
            var (decision, certifications) = DecideEligibility(pdp, request, records);
            decisions.Add(decision);
            handle = decision.SubjectHandle;
            if (!decision.IsDenied)
            {
                releasedCategories.Add(DataCategory.Eligibility);
                var attribute = EligibilityAttribute.From(certifications, DateOnly.FromDateTime(request.At.UtcDateTime));
                document["derived"] = FieldMask.Apply(attribute.ToDocument(), decision.AllowedFields, "derived");
            }
        }

        if (!decisions.Any(d => !d.IsDenied))
            return new SubjectOutcome(null, decisions, handle, releasedCategories);
        document["subject"] = handle;
        return new SubjectOutcome(document, decisions, handle, releasedCategories);
    }

    /// <summary>
    /// Whom an aggregate report may count. Only the purpose statistics releases aggregates. Each
    /// agreement that allows counting is audited with the basis it rests on (rule
    /// <c>statistics.statutory-duty</c> or <c>statistics.consent</c>), the report and the provider;
    /// with none, the denial is audited.
    /// </summary>
    public async Task<StatisticsRelease> ReleaseStatisticsAsync(StatisticsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = ReleaseTelemetry.Source.StartActivity("release statistics");
        activity?.SetTag("exchange.action", request.Action);
        activity?.SetTag("exchange.report", request.Report);
        var caller = request.Caller;
        var categories = request.Categories.Order().Select(c => "category/" + c.Name()).ToList();
        string? denied = null;
        StatisticsScope scope = new([]);
        IReadOnlyList<string> consenting = [];
        if (request.Purpose != Purpose.Statistics)
            denied = PolicyRules.StatisticsPurpose;
        else
        {
            var pdp = await policy.GetDecisionPointAsync(cancellationToken);
            scope = pdp.DecideStatistics(caller, request.Categories, request.At);
            if (scope.IsDenied)
                denied = PolicyRules.AgreementNone;
            else if (scope.Grants.Any(g => g.Basis == LegalBasisType.Consent))
                consenting = pdp.SubjectsConsentingToStatistics(caller, request.Categories, request.At);
        }

        var purpose = Enum.IsDefined(request.Purpose) ? request.Purpose.Name() : "";
        if (denied is not null)
        {
            telemetry.Decided("deny", denied);
            activity?.SetTag("exchange.release.outcome", "deny");
            await audit.AppendAsync(new AuditRecord(request.At, caller.ClientId, caller.Organisation, purpose, "", request.Action,
                ["report/" + request.Report, .. categories], "deny", denied), cancellationToken);
            return new StatisticsRelease(scope, [], denied);
        }

        await audit.AppendManyAsync([.. scope.Grants.Select(g => new AuditRecord(request.At, caller.ClientId, caller.Organisation, purpose, "", request.Action,
            ["report/" + request.Report, $"agreement/{g.Agreement}@{g.Version}", "provider/" + (g.Provider ?? "*"), .. categories], "permit", g.Rule))], cancellationToken);
        foreach (var grant in scope.Grants)
            telemetry.Decided("permit", grant.Rule);
        activity?.SetTag("exchange.release.outcome", "permit");
        activity?.SetTag("exchange.release.decisions", scope.Grants.Count);
        return new StatisticsRelease(scope, consenting, null);
    }

    /// <summary>
    /// The derived eligibility rests on certifications, and whose data it is depends on the
    /// agreement: one naming the graduate's institution as provider shares that institution's
    /// graduates' eligibility, drawn from every certification of the subject; one naming a
    /// certifying bureau shares only what that bureau certified; one naming no provider covers
    /// all. The first permit among the institutions decides; else the bureaus that permit; with
    /// none, the last denial is what is audited.
    /// </summary>
    private static (AccessDecision Decision, IReadOnlyList<CertificationRecord> Certifications) DecideEligibility(
        IPolicyDecisionPoint pdp, ReleaseRequest request, IReadOnlyList<ReleaseCandidate> records)
    {
        var fields = FieldsFor("derived", request.RequestedFields);
        var certifications = records.Where(r => r.Kind == "certification")
            .Select(r => (r.SourceOrganisation, Record: (CertificationRecord)RecordJson.Deserialize(RecordKind.Certification, JsonSerializer.SerializeToUtf8Bytes(r.Record))))
            .ToList();
        AccessDecision? denied = null;
        foreach (var institution in records.Where(r => r.Kind == "graduate").Select(r => r.SourceOrganisation).Distinct(StringComparer.Ordinal))
        {
            var decision = pdp.Decide(new AccessRequest(request.Caller, request.Purpose, request.SubjectKey, fields, request.At) { ProviderOrganisation = institution });
            if (!decision.IsDenied)
                return (decision, certifications.Select(c => c.Record).ToList());
            denied = decision;
        }

        AccessDecision? permitted = null;
        var released = new List<CertificationRecord>();
        foreach (var bureau in certifications.Select(c => c.SourceOrganisation).Distinct(StringComparer.Ordinal))
        {
            var decision = pdp.Decide(new AccessRequest(request.Caller, request.Purpose, request.SubjectKey, fields, request.At) { ProviderOrganisation = bureau });
            if (decision.IsDenied)
            {
                denied = decision;
                continue;
            }
            permitted ??= decision;
            released.AddRange(certifications.Where(c => c.SourceOrganisation == bureau).Select(c => c.Record));
        }
        return (permitted ?? denied!, released);
    }

    private static HashSet<string> FieldsFor(string kind, IReadOnlySet<string>? requested)
    {
        var prefix = kind + "/";
        var catalogue = FieldCatalogue.Releasable.Where(f => f.StartsWith(prefix, StringComparison.Ordinal));
        return (requested is null ? catalogue : requested.Where(f => f.StartsWith(prefix, StringComparison.Ordinal)))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static AuditRecord ToAudit(ReleaseRequest request, AccessDecision decision) => new(
        request.At, request.Caller.ClientId, request.Caller.Organisation, request.Purpose.Name(), decision.SubjectHandle, request.Action,
        decision.AllowedFields.Order(StringComparer.Ordinal).ToList(), decision.IsDenied ? "deny" : "permit", decision.Rule);

    /// <summary>What deciding one subject came to: the masked document (null when nothing may leave), every decision, the caller's handle and the data categories released.</summary>
    private sealed record SubjectOutcome(JsonObject? Document, IReadOnlyList<AccessDecision> Decisions, string Handle, HashSet<DataCategory> ReleasedCategories);
}
