using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Access.Enforcement;
using Exchange.Access.Tests.Decisions;
using static Exchange.Access.Tests.Decisions.PolicyTestData;

namespace Exchange.Access.Tests.Enforcement;

/// <summary>One stored record of a generated subject: its kind, provider, certification type and full document (clear identifiers included).</summary>
internal sealed record GeneratedRecord(string Kind, string Provider, string? CertificationType, JsonObject Document)
{
    public ReleaseCandidate ToCandidate() => new(Kind, Provider, JsonSerializer.SerializeToElement(Document));

    public override string ToString() => $"{Kind}@{Provider}{(CertificationType is null ? "" : "/" + CertificationType)}";
}

/// <summary>A generated subject: its linkage key and its records, possibly from several providers.</summary>
internal sealed record GeneratedSubject(string Key, IReadOnlyList<GeneratedRecord> Records)
{
    public SubjectCandidates ToCandidates() => new(Key, [.. Records.Select(r => r.ToCandidate())]);

    public override string ToString() => $"{Key}: [{string.Join(", ", Records)}]";
}

/// <summary>Agreements, consents, one caller with its purpose and instant, and the subjects a read path is handed.</summary>
internal sealed record ReleaseWorld(
    DataSharingAgreement[] Agreements, ConsentGrant[] Consents, ClientIdentity Caller, Purpose Purpose, DateTimeOffset At, GeneratedSubject[] Subjects)
{
    public override string ToString() =>
        $"caller {Caller.Role}/{Caller.Organisation} {Purpose} at {At:O}\n" +
        string.Concat(Subjects.Select(s => $"  subject {s}\n")) +
        string.Concat(Agreements.Select(a => $"  agreement {a.Terms.Grantee} {a.Status} [{string.Join(",", a.Terms.Categories)}] [{string.Join(",", a.Terms.Purposes)}] {a.Terms.ValidFrom}..{a.Terms.ValidThrough} recorded {a.RecordedAt:O} provider {a.Terms.ProviderOrganisation}\n")) +
        string.Concat(Consents.Select(k => $"  consent {k.SubjectKey} {k.Grantee} {k.Status} [{string.Join(",", k.Categories)}] [{string.Join(",", k.Purposes)}] {k.ValidFrom}..{k.ValidThrough} given {k.GivenAt:O} withdrawn {k.WithdrawnAt:O}\n"));
}

/// <summary>
/// Generators of <see cref="ReleaseWorld"/>s for the release paths' no-leak properties: subjects with
/// graduate, certification and placement records from different providers, and agreements and
/// consents biased towards the caller, its purpose and those subjects so that releases (sensitive
/// ones included) are common; the rest stays fully random.
/// </summary>
internal static class ReleaseWorlds
{
    public const string UniversityB = "12100000400000899K";
    public const string BureauB = "11100000000013999Q";

    public static readonly DateTimeOffset Base = new(2026, 6, 15, 12, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateOnly BaseDay = new(2026, 6, 15);

    public static readonly (PartyRole Role, string Organisation)[] Parties =
    [
        (PartyRole.University, University), (PartyRole.Employer, EmployerA), (PartyRole.Employer, EmployerB),
        (PartyRole.Bureau, Bureau), (PartyRole.Matcher, Matcher), (PartyRole.Steward, Steward),
    ];

    private static readonly string?[] AgreementProviders = [null, null, null, University, UniversityB, Bureau, BureauB, EmployerA, EmployerB];

    public static readonly string[] SubjectKeys = ["lk_subject_one", "lk_subject_two", "lk_subject_three"];

    /// <summary>A subject key no generated subject has.</summary>
    public const string SomeoneElse = "lk_someone_else";

    public const string ResidentId = "11010519491231002X";
    public const string CertificateNumber = "1101051949123100211";

    private static readonly Gen<Grantee> GenGrantee = Gen.Int[0, (Parties.Length * 2) - 1].Select(i =>
        i < Parties.Length ? Grantee.OfOrganisation(Parties[i].Organisation) : Grantee.OfRole(Parties[i - Parties.Length].Role));

    private static readonly Gen<HashSet<DataCategory>> GenCategories = PolicyGenerators.Categories;
    private static readonly Gen<HashSet<DataCategory>> GenConsentCategories = PolicyGenerators.ConsentCategories;
    private static readonly Gen<HashSet<Purpose>> GenPurposes = PolicyGenerators.Purposes;

    private static readonly Gen<(DateOnly From, DateOnly Through)> GenPeriod = Gen.Select(Gen.Int[-15, 1], Gen.Int[3, 30], (start, length) =>
        (BaseDay.AddDays(start), BaseDay.AddDays(start + length)));

    // Shape of a subject's records: 0 none first, else a graduate of the first university; then up to three more of any kind and provider.
    private static readonly Gen<(int First, int[] More, int Types)> GenShape = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 6].Array[0, 3], Gen.Int[0, 15], (f, r, t) => (f, r, t));

    /// <summary>Worlds of one to <paramref name="maxSubjects"/> subjects, each with at least one released-kind record unless <paramref name="allowEmpty"/>.</summary>
    public static Gen<ReleaseWorld> World(int maxSubjects, bool allowEmpty) =>
        Gen.Select(Gen.Int[0, Parties.Length - 1], Gen.Int[0, 3], Gen.Int[-24 * 60, 24 * 60], GenShape.Array[1, maxSubjects], (party, purpose, minutes, shapes) => (party, purpose, minutes, shapes))
            .SelectMany(t =>
            {
                var caller = Caller(Parties[t.party].Role, Parties[t.party].Organisation);
                var purpose = (Purpose)t.purpose;
                var subjects = t.shapes.Select((shape, i) => Subject(SubjectKeys[i], i, shape, allowEmpty)).ToArray();
                var keys = subjects.Select(s => s.Key).ToArray();
                return Gen.Select(AgreementFor(caller, purpose).Array[0, 6], ConsentFor(caller, purpose, keys).Array[0, 8],
                    (agreements, consents) => new ReleaseWorld(agreements, consents, caller, purpose, Base.AddMinutes(t.minutes), subjects));
            });

    private static GeneratedSubject Subject(string key, int index, (int First, int[] More, int Types) shape, bool allowEmpty)
    {
        var records = new List<GeneratedRecord>();
        if (shape.First > 0 || (!allowEmpty && shape.More.Length == 0))
            records.Add(Graduate(University, index, 0));
        foreach (var kind in shape.More)
        {
            var n = records.Count;
            var disability = (shape.Types & (1 << (n % 4))) != 0;
            records.Add(kind switch
            {
                0 => Graduate(University, index, n),
                1 => Graduate(UniversityB, index, n),
                2 => Certification(Bureau, index, n, disability),
                3 => Certification(BureauB, index, n, disability),
                4 => Placement(EmployerA, index, n),
                5 => Placement(EmployerB, index, n),
                _ => Placement(University, index, n),
            });
        }

        return new GeneratedSubject(key, records);
    }

    // Values differ per subject and record, so that a value moved from one record to another is seen.
    private static GeneratedRecord Graduate(string provider, int subject, int n)
    {
        var document = RecordDocuments.Graduate();
        document["recordId"] = $"g-{subject}-{n}";
        document["residentId"] = ResidentId;
        document["institutionCode"] = provider == University ? "4111010001" : "4144030002";
        document["studentId"] = $"20220{subject}{n}";
        document["name"] = $"姓名{subject}-{n}";
        document["majorName"] = $"专业{subject}-{n}";
        document["originRegion"] = $"11010{subject}";
        document["contact"] = new JsonObject { ["phone"] = $"1380000000{n}", ["email"] = $"g{subject}-{n}@example.cn", ["residentId"] = ResidentId };
        return new GeneratedRecord("graduate", provider, null, document);
    }

    private static GeneratedRecord Certification(string provider, int subject, int n, bool disability)
    {
        var type = disability ? "disability" : "minimum-living-allowance";
        var document = RecordDocuments.Certification();
        document["recordId"] = $"c-{subject}-{n}";
        document["certificationType"] = type;
        document["certificateNumber"] = CertificateNumber;
        document["issuerCreditCode"] = provider;
        document["issuerName"] = $"认定机构{provider[^4..]}-{subject}-{n}";
        document["validThrough"] = $"2028-0{1 + n}-2{subject}";
        return new GeneratedRecord("certification", provider, type, document);
    }

    private static GeneratedRecord Placement(string provider, int subject, int n)
    {
        var document = RecordDocuments.Placement();
        document["recordId"] = $"p-{subject}-{n}";
        document["employerCreditCode"] = provider;
        document["employerName"] = $"单位{provider[^4..]}-{subject}-{n}";
        document["monthlyPay"] = 6000 + (100 * subject) + n;
        return new GeneratedRecord("placement", provider, null, document);
    }

    private static Gen<Grantee> GranteeFor(ClientIdentity caller) => Gen.Int[0, 4].SelectMany(i => i switch
    {
        0 or 1 => Gen.Const(Grantee.OfOrganisation(caller.Organisation)),
        2 => Gen.Const(Grantee.OfRole(caller.Role)),
        _ => GenGrantee,
    });

    private static Gen<HashSet<Purpose>> PurposesFor(Purpose purpose) => Gen.Select(GenPurposes, Gen.Int[0, 4], (purposes, include) =>
    {
        if (include > 0)
            purposes.Add(purpose);
        return purposes;
    });

    // Half of the agreements and consents are made to hold for the caller (its organisation, its
    // purpose, in force all day): without them a random one rarely does, and releases would be rare.
    private static Gen<DataSharingAgreement> AgreementFor(ClientIdentity caller, Purpose purpose) => Gen.Select(
        GranteeFor(caller), GenCategories, PurposesFor(purpose), GenPeriod, Gen.Int[0, 9], Gen.Int[0, AgreementProviders.Length - 1], Gen.Int[-72, 24], Gen.Bool,
        (grantee, categories, purposes, period, status, provider, recordedHours, holds) => new DataSharingAgreement(
            Guid.NewGuid(), 1,
            new AgreementTerms(AgreementProviders[provider], holds ? Grantee.OfOrganisation(caller.Organisation) : grantee, categories,
                holds ? [.. purposes, purpose] : purposes, holds ? BaseDay.AddDays(-10) : period.From, holds ? BaseDay.AddDays(10) : period.Through, "basis"),
            Base.AddHours(holds ? -48 : recordedHours), "steward", status == 0 && !holds ? AgreementStatus.Revoked : AgreementStatus.Active));

    private static Gen<ConsentGrant> ConsentFor(ClientIdentity caller, Purpose purpose, string[] keys) => Gen.Select(
        Gen.Int[0, keys.Length * 4], GranteeFor(caller), GenConsentCategories, PurposesFor(purpose), GenPeriod, Gen.Int[-96, 12], Gen.Int[-1, 150], Gen.Bool,
        (subject, grantee, categories, purposes, period, givenHours, withdrawnHours, holds) => new ConsentGrant(
            subject == keys.Length * 4 ? SomeoneElse : keys[subject % keys.Length], holds ? Grantee.OfOrganisation(caller.Organisation) : grantee,
            holds ? [.. purposes, purpose] : purposes, categories, holds ? BaseDay.AddDays(-10) : period.From, holds ? BaseDay.AddDays(10) : period.Through,
            withdrawnHours < 0 || withdrawnHours > 48 ? ConsentStatus.Active : ConsentStatus.Withdrawn,
            Base.AddHours(holds ? -48 : givenHours),
            withdrawnHours < 0 || withdrawnHours > 48 ? null : Base.AddHours(withdrawnHours - 24),
            new GrantEvidence("online-click", "ref"), Guid.NewGuid().ToString("N"), University));
}
