using System.Text.Json;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Access.Decisions;
using Exchange.Core.Envelope;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Core.Validation;
using Exchange.Hub.Ingest;
using Exchange.Hub.Ui.Agreements;
using Exchange.Log;

namespace Exchange.Hub.Ui.Graduates;

/// <summary>What giving or withdrawing a consent came to.</summary>
public enum ConsentOutcome
{
    InForce,
    /// <summary>In the log, not yet applied: it will be.</summary>
    Pending,
    Refused,
    NotFound,
    AlreadyWithdrawn,
}

/// <summary>
/// A graduate's own consents, by the rules and through the log the steward API uses. A consent the
/// graduate gives is a canonical consent record sent by the university that vouched for them (the
/// write policy's custodian), with the graduate's own confirmation on the pages as its evidence
/// (<c>online-click</c>); it is held to the published consent schema and its rules as a pushed
/// consent is (the resident id aside), judged by the consent rules and the write policy, sealed with the
/// session's linkage key — the resident id is not known here, and needs not be: it would only be
/// turned into this very key — appended to the consent topic, and answered once the projection
/// has put it in force. A withdrawal is the steward API's own.
/// </summary>
public sealed class GraduateConsents
{
    private readonly ConsentStore store;
    private readonly WritePolicy writePolicy;
    private readonly ConsentIntake intake;
    private readonly ConsentProjection projection;
    private readonly IEventLog log;
    private readonly TimeProvider clock;
    private readonly RecordValidator validator;

    // Internal, as the consent intake it withdraws through is the hub's own.
    internal GraduateConsents(ConsentStore store, WritePolicy writePolicy, ConsentIntake intake, ConsentProjection projection, IEventLog log, TimeProvider clock,
        RecordValidator validator)
    {
        this.validator = validator;
        this.store = store;
        this.writePolicy = writePolicy;
        this.intake = intake;
        this.projection = projection;
        this.log = log;
        this.clock = clock;
    }

    public const string EvidenceMethod = "online-click";

    // The published schema's bound on an evidence reference.
    private const int EvidenceReferenceLength = 200;

    /// <summary>The evidence reference: the pages' confirmation and the client the graduate signed in through, cut to the schema's bound.</summary>
    internal static string EvidenceReference(string clientId)
    {
        var reference = $"confirmed by the graduate on the hub's pages, signed in through {clientId}";
        return reference.Length <= EvidenceReferenceLength ? reference : reference[..EvidenceReferenceLength];
    }

    public Task<IReadOnlyList<ConsentGrant>> ListAsync(string subjectKey, CancellationToken cancellationToken) =>
        store.ListBySubjectAsync(subjectKey, cancellationToken);

    /// <summary>The graduate's consent under this identity; null when there is none or it is another subject's.</summary>
    public async Task<ConsentGrant?> FindOwnAsync(string subjectKey, string sourceOrganisation, string sourceRecordId, CancellationToken cancellationToken) =>
        await store.FindAsync(sourceOrganisation, sourceRecordId, cancellationToken) is { } grant && grant.SubjectKey == subjectKey ? grant : null;

    /// <summary>The consent the choice stands for, judged by the consent rules and the write policy; problems tied to the form's fields.</summary>
    public async Task<(ConsentRecord? Record, FormProblems Problems)> JudgeAsync(ClientIdentity university, string subjectKey, ConsentChoice choice,
        CancellationToken cancellationToken)
    {
        var problems = new FormProblems();
        var through = choice.Check(problems);
        if (problems.Any)
            return (null, problems);
        var now = clock.GetUtcNow();
        var record = new ConsentRecord
        {
            RecordId = $"self-service-{Guid.CreateVersion7(now):N}",
            Grantee = new ConsentGrantee { OrganisationCreditCode = choice.Organisation, Role = choice.Role },
            Purposes = [.. choice.Purposes.Distinct(StringComparer.Ordinal)],
            DataCategories = [.. choice.Categories.Distinct(StringComparer.Ordinal)],
            ValidFrom = PolicyCalendar.DayOf(now),
            ValidThrough = through!.Value,
            Status = ConsentStatus.Active.Name(),
            GivenAt = now,
            Evidence = new ConsentEvidence { Method = EvidenceMethod, Reference = EvidenceReference(university.ClientId) },
        };
        // Held to the published consent schema and its rules as a pushed consent is; only the resident id is absent, the subject being the session's key.
        var checkedRecord = validator.ValidateKnownByLinkageKey(RecordKind.Consent, RecordJson.SerializeToUtf8Bytes(record, RecordKind.Consent));
        foreach (var problem in checkedRecord.Problems)
            problems.Add(new FormProblem(ConsentFields.ForPointer(problem.Pointer), problem.Code, problem.Message, problem.MessageZh));
        if (problems.Any)
            return (null, problems);
        var grant = ConsentGrant.FromRecord(record, subjectKey, university.Organisation);
        foreach (var problem in grant.Problems)
            problems.Add(new FormProblem(ConsentFields.ForPointer(problem.Pointer), problem.Code, problem.Message, problem.MessageZh));
        if (grant.Grant is not null && await writePolicy.CheckConsentAsync(university, grant.Grant, cancellationToken) is { } refused)
            problems.Add(new FormProblem(ConsentFields.ForPointer(refused.Pointer), refused.Code, refused.Message, refused.MessageZh));
        return problems.Any ? (null, problems) : (record, problems);
    }

    /// <summary>Gives the consent the choice stands for, once judged again: the form comes back through the graduate's browser.</summary>
    public async Task<(ConsentOutcome Outcome, FormProblems Problems)> GiveAsync(ClientIdentity university, string subjectKey, ConsentChoice choice,
        CancellationToken cancellationToken)
    {
        var (record, problems) = await JudgeAsync(university, subjectKey, choice, cancellationToken);
        if (record is null)
            return (ConsentOutcome.Refused, problems);
        var json = RecordJson.SerializeToUtf8Bytes(record, RecordKind.Consent);
        using var document = JsonDocument.Parse(json);
        var envelope = new RecordEnvelope
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            Kind = RecordKind.Consent,
            SchemaVersion = RecordKinds.SchemaVersion,
            SourceOrganisation = university.Organisation,
            SourceRecordId = record.RecordId,
            ContentHash = Pseudonymiser.ContentHashOf(subjectKey, json),
            SubjectKey = subjectKey,
            ReceivedAt = clock.GetUtcNow(),
            Record = document.RootElement.Clone(),
        };
        var positions = await log.AppendAsync(Topics.For(RecordKind.Consent), [CloudEventHeaders.ToMessage(envelope)], cancellationToken);
        var inForce = await projection.WaitUntilAppliedAsync(positions, ConsentIntake.InForceTimeout, cancellationToken);
        return (inForce ? ConsentOutcome.InForce : ConsentOutcome.Pending, problems);
    }

    /// <summary>
    /// Withdraws part of one of the graduate's own consents: what the graduate keeps — the consent's
    /// categories and purposes narrowed to <paramref name="keptCategories"/> and <paramref name="keptPurposes"/>,
    /// same grantee and last day — is given first as a new consent, by the same rules as any other,
    /// and only once it is recorded is the old one withdrawn, so that a refusal changes nothing.
    /// </summary>
    public async Task<(ConsentOutcome Outcome, FormProblems Problems)> NarrowAsync(ClientIdentity university, string subjectKey, ConsentGrant consent,
        IReadOnlyCollection<string> keptCategories, IReadOnlyCollection<string> keptPurposes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consent);
        var kept = new ConsentChoice
        {
            GranteeOrganisation = consent.Grantee.Organisation,
            GranteeRole = consent.Grantee.Role?.Name(),
            Categories = [.. keptCategories],
            Purposes = [.. keptPurposes],
            ValidThrough = consent.ValidThrough.ToString(AgreementForm.DateFormat, System.Globalization.CultureInfo.InvariantCulture),
        };
        var (given, problems) = await GiveAsync(university, subjectKey, kept, cancellationToken);
        if (given == ConsentOutcome.Refused)
            return (given, problems);
        var withdrawn = await intake.WithdrawAsync(consent, university, cancellationToken);
        return (given == ConsentOutcome.InForce && withdrawn ? ConsentOutcome.InForce : ConsentOutcome.Pending, problems);
    }

    /// <summary>Withdraws one of the graduate's own consents from now on, as the steward API does.</summary>
    public async Task<ConsentOutcome> WithdrawAsync(ClientIdentity university, string subjectKey, string sourceOrganisation, string sourceRecordId,
        CancellationToken cancellationToken)
    {
        if (await FindOwnAsync(subjectKey, sourceOrganisation, sourceRecordId, cancellationToken) is not { } consent)
            return ConsentOutcome.NotFound;
        if (consent.Status == ConsentStatus.Withdrawn)
            return ConsentOutcome.AlreadyWithdrawn;
        return await intake.WithdrawAsync(consent, university, cancellationToken) ? ConsentOutcome.InForce : ConsentOutcome.Pending;
    }
}
