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
/// record to the allowed fields before anything is serialised. Subject fetch and reports use it;
/// search, match, the change feed and bulk export are to use it too, so that no endpoint decides
/// on its own.
/// </summary>
public sealed partial class ReleaseService(PolicySnapshotCache policy, IAuditLog audit, SubjectHandles handles, ReleaseTelemetry telemetry)
{
    private static readonly string[] ReleasedKinds = ["graduate", "certification", "placement"];

    /// <summary>Audits a read refused before any subject was looked at: no purpose, or one the hub does not know.</summary>
    public Task AuditPurposeMissingAsync(ClientIdentity caller, string action, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        telemetry.Decided("deny", PolicyRules.PurposeMissing);
        return audit.AppendAsync(new AuditRecord(at, caller.ClientId, caller.Organisation, "", "", action, [], "deny", PolicyRules.PurposeMissing), cancellationToken);
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
        var document = new JsonObject();
        var handle = "";
        var decisions = new List<AccessDecision>();
        foreach (var record in records.Where(r => ReleasedKinds.Contains(r.Kind, StringComparer.Ordinal)))
        {
            var decision = pdp.Decide(new AccessRequest(caller, request.Purpose, request.SubjectKey, FieldsFor(record.Kind, request.RequestedFields), request.At)
            {
                ProviderOrganisation = record.SourceOrganisation,
                CertificationType = record.Kind == "certification" && record.Record.TryGetProperty("certificationType", out var type) ? type.GetString() : null,
            });
            decisions.Add(decision);
            handle = decision.SubjectHandle;
            if (decision.IsDenied)
                continue;
            var masked = FieldMask.Apply(JsonNode.Parse(record.Record.GetRawText())!.AsObject(), decision.AllowedFields, record.Kind);
            if (record.Kind == "graduate")
                document["graduate"] = masked;
            else
                ((document[record.Kind + "s"] ??= new JsonArray()).AsArray()).Add(masked);
        }

        if (records.Any(r => r.Kind == "certification")
            && (request.RequestedFields is null || request.RequestedFields.Any(f => f.StartsWith("derived/", StringComparison.Ordinal))))
        {
            var (decision, certifications) = DecideEligibility(pdp, request, records);
            decisions.Add(decision);
            handle = decision.SubjectHandle;
            if (!decision.IsDenied)
            {
                var attribute = EligibilityAttribute.From(certifications, DateOnly.FromDateTime(request.At.UtcDateTime));
                document["derived"] = FieldMask.Apply(attribute.ToDocument(), decision.AllowedFields, "derived");
            }
        }

        await audit.AppendManyAsync([.. decisions.Select(d => ToAudit(request, d))], cancellationToken);
        telemetry.Decided(decisions);
        var released = decisions.Any(d => !d.IsDenied);
        activity?.SetTag("exchange.release.decisions", decisions.Count);
        activity?.SetTag("exchange.release.outcome", released ? "permit" : "deny");
        if (!released)
            return SubjectRelease.Nothing;
        document["subject"] = handle;
        return SubjectRelease.Of(document);
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
}
