using System.Collections.Frozen;
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
/// written to the <see cref="IHandleDirectory"/>, the only way back from a handle to its subject.
/// Subject fetch, search, match, the change feed, bulk export and reports use it, so that no
/// endpoint decides on its own.
/// </summary>
/// <param name="policy">The policy decision point's snapshots.</param>
/// <param name="audit">Where every decision is written.</param>
/// <param name="handles">The callers' handles for subjects.</param>
/// <param name="directory">Where each handle released is written down.</param>
/// <param name="telemetry">Counts decisions.</param>
/// <param name="history">What the audit log says was released before: needed only by <see cref="ReleaseDeletionNoticesAsync"/>.</param>
public sealed partial class ReleaseService(
    PolicySnapshotCache policy, IAuditLog audit, SubjectHandles handles, IHandleDirectory directory, ReleaseTelemetry telemetry, ReleaseHistory? history = null)
{
    /// <summary>The record kinds that are personal data about graduates and are released subject by subject.</summary>
    public static IReadOnlyList<string> ReleasedKinds { get; } = ["graduate", "certification", "placement"];

    /// <summary>The rule audited when vacancies are released: they describe jobs, not people (see <see cref="ReleaseVacanciesAsync"/>).</summary>
    public const string VacancyRule = "vacancy.not-personal";

    /// <summary>The rule audited when a caller is told that a subject it was given data about has withdrawn consent or was erased.</summary>
    public const string DeletionNoticeRule = "notice.withdrawn";

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
    /// Deciding stops once <see cref="PageReleaseRequest.ReleaseAtMost"/> subjects are released: the answer then
    /// covers only the subjects decided, a prefix of <paramref name="subjects"/>, and those after it
    /// are neither decided nor audited (a page fills to its limit without releasing more than it shows).
    /// </summary>
    public async Task<IReadOnlyList<SubjectRelease>> ReleasePageAsync(PageReleaseRequest request, IReadOnlyList<SubjectCandidates> subjects,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(subjects);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.ReleaseAtMost);
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
            if (issued.Count == request.ReleaseAtMost)
                break;
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
    /// caller may see nothing of (or that has no records). Deciding stops once
    /// <see cref="SubjectBatchRequest.ReleaseAtMost"/> subjects are released: the answer then covers
    /// a prefix of <paramref name="subjects"/>.
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
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.ReleaseAtMost);
        var answers = new List<ReleasedSubject?>(subjects.Count);
        foreach (var subject in subjects)
        {
            if (issued.Count == request.ReleaseAtMost)
                break;
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
    private SubjectOutcome DecideSubject(IPolicyDecisionPoint pdp, ReleaseRequest request, IReadOnlyList<ReleaseCandidate> records,
        IReadOnlySet<string> filteredFields)
    {
        var caller = request.Caller;
        var document = new JsonObject();
        var handle = "";
        var decisions = new List<AccessDecision>();
        var releasedCategories = new HashSet<DataCategory>();
        foreach (var record in records.Where(r => ReleasedKinds.Contains(r.Kind, StringComparer.Ordinal)))
        {
            var fields = record.Kind == "graduate" && filteredFields.Count > 0
                ? FieldsFor(record.Kind, request.RequestedFields).Union(filteredFields).ToHashSet(StringComparer.Ordinal)
                : FieldsFor(record.Kind, request.RequestedFields);
            var certificationType = CertificationTypeOf(record.Kind, record.Record);
            var decision = pdp.Decide(new AccessRequest(caller, request.Purpose, request.SubjectKey, fields, request.At)
            {
                ProviderOrganisation = record.SourceOrganisation,
                CertificationType = certificationType,
            });
            decisions.Add(decision);
            handle = decision.SubjectHandle;
            if (decision.IsDenied)
                continue;
            foreach (var field in decision.AllowedFields)
                releasedCategories.UnionWith(FieldCatalogue.RequiredCategories(field, certificationType));
            var masked = Mask(record, decision);
            if (record.Kind == "graduate")
                document["graduate"] = masked;
            else
                ((document[record.Kind + "s"] ??= new JsonArray()).AsArray()).Add(masked);
        }

        if (filteredFields.Count > 0 && !FiltersReadable(pdp, request, records, filteredFields))
        {
            handle = handle.Length > 0 ? handle : handles.Candidate(caller.Organisation, request.SubjectKey);
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
                document["derived"] = FieldMask.Copy(JsonSerializer.SerializeToElement(attribute.ToDocument()), decision.AllowedFields, "derived");
            }
        }

        // A subject with no record of a kind that is ever released: refused as unknown, and audited so.
        if (decisions.Count == 0)
            return new SubjectOutcome(null, [new AccessDecision(NoFilters, PolicyRules.SubjectUnknown, handles.Candidate(caller.Organisation, request.SubjectKey))],
                handles.Candidate(caller.Organisation, request.SubjectKey), releasedCategories);
        if (!decisions.Any(d => !d.IsDenied))
            return new SubjectOutcome(null, decisions, handle, releasedCategories);
        // The subject is named as the records that leave name it: identified when any of them may
        // identify it to this caller, never by the handle of a record that was refused.
        handle = decisions.Where(d => !d.IsDenied).Select(d => d.SubjectHandle)
            .OrderBy(h => h.StartsWith(SubjectHandles.IdentifiedPrefix, StringComparison.Ordinal) ? 0 : 1).First();
        document["subject"] = handle;
        return new SubjectOutcome(document, decisions, handle, releasedCategories);
    }

    // A certification is judged under hardship or disability by its type; any other record has none.
    private static string? CertificationTypeOf(string kind, JsonElement record) =>
        kind == "certification" && record.TryGetProperty("certificationType", out var type) ? type.GetString() : null;

    /// <summary>
    /// May the caller read every field a search filtered on, of every record the match may have
    /// come from? A field of a kind is judged against every record of that kind the subject holds,
    /// each under its sender (the index profiles the latest graduate record, and "placed" from any
    /// placement: a match on a record the caller may not read would tell what it holds); a
    /// placement field of a subject with no placement against its graduate records. The derived
    /// eligibility is judged as a fetch releases it: under any of its institutions.
    /// </summary>
    private static bool FiltersReadable(IPolicyDecisionPoint pdp, ReleaseRequest request, IReadOnlyList<ReleaseCandidate> records, IReadOnlySet<string> filteredFields)
    {
        bool Allows(ReleaseCandidate record, HashSet<string> fields) => fields.IsSubsetOf(pdp.Decide(
            new AccessRequest(request.Caller, request.Purpose, request.SubjectKey, fields, request.At)
            {
                ProviderOrganisation = record.SourceOrganisation,
                CertificationType = CertificationTypeOf(record.Kind, record.Record),
            }).AllowedFields);

        var graduates = records.Where(r => r.Kind == "graduate").ToList();
        foreach (var group in filteredFields.GroupBy(f => f[..Math.Max(f.IndexOf('/', StringComparison.Ordinal), 0)], StringComparer.Ordinal))
        {
            var fields = group.ToHashSet(StringComparer.Ordinal);
            if (group.Key == "derived")
            {
                if (!graduates.Any(r => Allows(r, fields)))
                    return false;
                continue;
            }
            var holders = records.Where(r => r.Kind == group.Key).ToList();
            if (holders.Count == 0 && group.Key == "placement")
                holders = graduates;
            if (holders.Count == 0 || !holders.All(r => Allows(r, fields)))
                return false;
        }
        return true;
    }

    /// <summary>
    /// Many subjects' records in one decision pass: each record decided as
    /// <see cref="ReleaseSubjectAsync"/> decides it (every releasable field of its kind requested,
    /// its provider being its sender), masked, and every decision of the batch audited in one write
    /// before anything is returned. Only released records come back, each with the subject's one
    /// handle for the caller; a subject the caller may see nothing of is simply absent. The
    /// derived eligibility is not composed here: it belongs to a whole subject's read.
    /// </summary>
    public async Task<IReadOnlyList<ReleasedRecord>> ReleaseRecordsAsync(BatchReleaseRequest request, IReadOnlyList<SubjectCandidates> subjects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(subjects);
        using var activity = ReleaseTelemetry.Source.StartActivity("release records");
        activity?.SetTag("exchange.action", request.Action);
        activity?.SetTag("exchange.purpose", request.Purpose.Name());
        var pdp = await policy.GetDecisionPointAsync(cancellationToken);
        var decisions = new List<AccessDecision>();
        var entries = new List<AuditRecord>();
        var released = new List<ReleasedRecord>();
        var issued = new List<IssuedHandle>();
        foreach (var subject in subjects)
        {
            var decided = subject.Records.Where(r => ReleasedKinds.Contains(r.Kind, StringComparer.Ordinal) && request.Kinds.Contains(r.Kind))
                .Select(r => (Record: r, Decision: DecideRecord(pdp, request.Caller, request.Purpose, subject.SubjectKey, null, request.At, r)))
                .ToList();
            // One handle per subject on every line and audit entry: identified when any released
            // record may identify the subject to this caller, else the caller's candidate handle.
            var handle = decided.Select(d => d.Decision).FirstOrDefault(d => !d.IsDenied && d.SubjectHandle.StartsWith(SubjectHandles.IdentifiedPrefix, StringComparison.Ordinal))
                ?.SubjectHandle ?? handles.Candidate(request.Caller.Organisation, subject.SubjectKey);
            foreach (var (record, decision) in decided)
            {
                decisions.Add(decision);
                entries.Add(ToAudit(request.Caller, request.Purpose, request.Action, request.At, decision with { SubjectHandle = handle }));
                if (!decision.IsDenied)
                    released.Add(new ReleasedRecord(record.Kind, handle, Mask(record, decision)));
            }
            if (decided.Any(d => !d.Decision.IsDenied))
                issued.Add(new IssuedHandle(request.Caller.Organisation, handle, subject.SubjectKey));
        }

        if (entries.Count > 0)
            await audit.AppendManyAsync(entries, cancellationToken);
        // Written down before they leave, so the caller can name the subjects by them later.
        await directory.RememberAsync(issued, request.At, cancellationToken);
        telemetry.Decided(decisions);
        activity?.SetTag("exchange.release.decisions", decisions.Count);
        return released;
    }

    /// <summary>
    /// Vacancies, for a caller that reads the index. A vacancy describes a job an employer
    /// advertises so that graduates and the organisations serving them find it: it is no personal
    /// data about a graduate, and no agreement or consent stands between it and a reader. It is
    /// still released here, so that clear identifiers are removed from it as from every record
    /// (a stray <c>residentId</c> never leaves) and the release is audited: one entry per call,
    /// naming the fields released, under the rule <see cref="VacancyRule"/>.
    /// </summary>
    public async Task<IReadOnlyList<JsonObject>> ReleaseVacanciesAsync(BatchReleaseRequest request, IReadOnlyList<ReleaseCandidate> vacancies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(vacancies);
        var released = new List<JsonObject>(vacancies.Count);
        var fields = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var vacancy in vacancies.Where(v => v.Kind == "vacancy" && v.Record.ValueKind == JsonValueKind.Object))
        {
            // Every property of the job, but a clear identifier at no depth (FieldMask scrubs nested ones too).
            var allowed = vacancy.Record.EnumerateObject().Where(p => !FieldCatalogue.NeverReleasedProperties.Contains(p.Name))
                .Select(p => "vacancy/" + p.Name).ToHashSet(StringComparer.Ordinal);
            fields.UnionWith(allowed);
            released.Add(FieldMask.Copy(vacancy.Record, allowed, "vacancy"));
        }
        if (released.Count == 0)
            return released;
        await audit.AppendAsync(new AuditRecord(request.At, request.Caller.ClientId, request.Caller.Organisation, request.Purpose.Name(), "", request.Action,
            [.. fields], "permit", VacancyRule), cancellationToken);
        telemetry.Decided("permit", VacancyRule);
        return released;
    }

    /// <summary>
    /// Which of these subjects — each of which withdrew a consent or had fields erased — the caller
    /// must be told about, by the handle it knows: only those its organisation was given data
    /// about (a permitted release in the audit log at or before the request's instant), so that
    /// the notice tells nobody a subject exists it never saw. Each notice is audited, naming no
    /// field, under the rule <see cref="DeletionNoticeRule"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReleaseDeletionNoticesAsync(BatchReleaseRequest request, IReadOnlyList<string> subjectKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(subjectKeys);
        if (history is null)
            throw new InvalidOperationException("The release service was built without the release history that deletion notices need.");
        var organisation = request.Caller.Organisation;
        var candidates = subjectKeys.Distinct(StringComparer.Ordinal)
            .SelectMany(key => new[] { handles.Candidate(organisation, key), handles.Identified(key) })
            .ToList();
        var given = await history.ReleasedAsync(organisation, candidates, request.At, cancellationToken);
        var notices = candidates.Where(given.Contains).ToList();
        if (notices.Count == 0)
            return notices;
        await audit.AppendManyAsync([.. notices.Select(h => new AuditRecord(request.At, request.Caller.ClientId, organisation, request.Purpose.Name(), h, request.Action,
            [], "permit", DeletionNoticeRule))], cancellationToken);
        foreach (var _ in notices)
            telemetry.Decided("permit", DeletionNoticeRule);
        return notices;
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

    // Every releasable field of each kind: what a read that names no fields asks for, built once since nearly every decision asks it.
    private static readonly FrozenDictionary<string, FrozenSet<string>> CatalogueFields = FieldCatalogue.Releasable
        .GroupBy(f => f[..f.IndexOf('/', StringComparison.Ordinal)], StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);

    private static IReadOnlySet<string> FieldsFor(string kind, IReadOnlySet<string>? requested)
    {
        if (requested is null)
            return CatalogueFields.TryGetValue(kind, out var fields) ? fields : FrozenSet<string>.Empty;
        var prefix = kind + "/";
        return requested.Where(f => f.StartsWith(prefix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
    }

    // A record's provider is its sender; a certification's common fields are hardship or disability data by its type.
    private static AccessDecision DecideRecord(IPolicyDecisionPoint pdp, ClientIdentity caller, Purpose purpose, string subjectKey,
        IReadOnlySet<string>? requestedFields, DateTimeOffset at, ReleaseCandidate record) =>
        pdp.Decide(new AccessRequest(caller, purpose, subjectKey, FieldsFor(record.Kind, requestedFields), at)
        {
            ProviderOrganisation = record.SourceOrganisation,
            CertificationType = CertificationTypeOf(record.Kind, record.Record),
        });

    private static JsonObject Mask(ReleaseCandidate record, AccessDecision decision) =>
        FieldMask.Copy(record.Record, decision.AllowedFields, record.Kind);

    private static AuditRecord ToAudit(ClientIdentity caller, Purpose purpose, string action, DateTimeOffset at, AccessDecision decision) => new(
        at, caller.ClientId, caller.Organisation, purpose.Name(), decision.SubjectHandle, action,
        decision.AllowedFields.Order(StringComparer.Ordinal).ToList(), decision.IsDenied ? "deny" : "permit", decision.Rule);

    private static AuditRecord ToAudit(ReleaseRequest request, AccessDecision decision) =>
        ToAudit(request.Caller, request.Purpose, request.Action, request.At, decision);

    /// <summary>What deciding one subject came to: the masked document (null when nothing may leave), every decision, the caller's handle and the data categories released.</summary>
    private sealed record SubjectOutcome(JsonObject? Document, IReadOnlyList<AccessDecision> Decisions, string Handle, HashSet<DataCategory> ReleasedCategories);
}
