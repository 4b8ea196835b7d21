using System.Text.Json;
using System.Diagnostics;
using System.Text.Json.Nodes;
using CsCheck;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Access.Decisions;
using Exchange.Access.Tests.Enforcement;
using Xunit.Abstractions;
using static Exchange.Access.Tests.Decisions.PolicyTestData;

namespace Exchange.Access.Tests.Decisions;

/// <summary>
/// Random agreements, consents, callers, purposes, instants and field requests: whatever the
/// decision point releases, masked onto full records, must be what a plain re-statement of the
/// rules (written here, independent of the implementation) allows — and never a clear identifier,
/// never sensitive data without a separate sensitive consent.
/// </summary>
public sealed class NoLeakPropertyTests(ITestOutputHelper output)
{
    private const long Cases = 100_000;

    private static readonly DateTimeOffset Base = new(2026, 6, 15, 12, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateOnly BaseDay = new(2026, 6, 15);

    private static readonly (PartyRole Role, string Organisation)[] Parties =
    [
        (PartyRole.University, University), (PartyRole.Employer, EmployerA), (PartyRole.Employer, EmployerB),
        (PartyRole.Bureau, Bureau), (PartyRole.Matcher, Matcher), (PartyRole.Steward, Steward),
    ];

    private static readonly string?[] Providers = [null, University, EmployerA];
    private static readonly string?[] CertificationTypes = [null, "disability", "minimum-living-allowance"];
    private static readonly string[] Subjects = ["lk_subject_one", "lk_subject_two"];

    // The rules as the brief states them, written out again (shared with the release paths' properties).
    private static readonly string[] Requestable = ReleaseRules.Requestable;

    private static readonly Gen<Grantee> GenGrantee = Gen.Int[0, (Parties.Length * 2) - 1].Select(i =>
        i < Parties.Length ? Grantee.OfOrganisation(Parties[i].Organisation) : Grantee.OfRole(Parties[i - Parties.Length].Role));

    private static readonly Gen<HashSet<DataCategory>> GenCategories = PolicyGenerators.Categories;
    private static readonly Gen<HashSet<DataCategory>> GenConsentCategories = PolicyGenerators.ConsentCategories;
    private static readonly Gen<HashSet<Purpose>> GenPurposes = PolicyGenerators.Purposes;

    private static readonly Gen<(DateOnly From, DateOnly Through)> GenPeriod = Gen.Select(Gen.Int[-15, 2], Gen.Int[2, 25], (start, length) =>
        (BaseDay.AddDays(start), BaseDay.AddDays(start + length)));

    private static readonly Gen<AccessRequest> GenRequest = Gen.Select(
        Gen.Int[0, Parties.Length - 1], Gen.Int[0, 4], Gen.Int[0, Subjects.Length - 1], Gen.Int[-24 * 60, 24 * 60],
        Gen.Int[0, Providers.Length - 1], Gen.Int[0, CertificationTypes.Length - 1], Gen.Int[0, Requestable.Length - 1].Array[1, 14],
        (party, purpose, subject, minutes, provider, certificationType, fields) => new AccessRequest(
            Caller(Parties[party].Role, Parties[party].Organisation), (Purpose)purpose, Subjects[subject],
            fields.Select(i => Requestable[i]).ToHashSet(StringComparer.Ordinal), Base.AddMinutes(minutes))
        {
            ProviderOrganisation = Providers[provider],
            CertificationType = CertificationTypes[certificationType],
        });

    // Agreements and consents are biased towards the request (its caller, its purpose) so that
    // releases are common enough for the property to bite; the rest stay fully random.
    private static Gen<Grantee> GranteeFor(ClientIdentity caller) => Gen.Int[0, 3].SelectMany(i => i switch
    {
        0 => Gen.Const(Grantee.OfOrganisation(caller.Organisation)),
        1 => Gen.Const(Grantee.OfRole(caller.Role)),
        _ => GenGrantee,
    });

    private static Gen<HashSet<Purpose>> PurposesFor(Purpose purpose) => Gen.Select(GenPurposes, Gen.Bool, (purposes, include) =>
    {
        if (include && Enum.IsDefined(purpose))
        {
            purposes.Add(purpose);
        }

        return purposes;
    });

    private static Gen<DataSharingAgreement> AgreementFor(AccessRequest request) => Gen.Select(
        GranteeFor(request.Caller), GenCategories, PurposesFor(request.Purpose), GenPeriod, Gen.Int[0, 9], Gen.Int[-2, Providers.Length - 1], Gen.Int[-72, 24],
        (grantee, categories, purposes, period, status, provider, recordedHours) => new DataSharingAgreement(
            Guid.NewGuid(), 1,
            new AgreementTerms(Providers[Math.Max(provider, 0)], grantee, categories, purposes, period.From, period.Through, "basis"),
            Base.AddHours(recordedHours), "steward", status == 0 ? AgreementStatus.Revoked : AgreementStatus.Active));

    private static Gen<ConsentGrant> ConsentFor(AccessRequest request) => Gen.Select(
        Gen.Int[0, 3], GranteeFor(request.Caller), GenConsentCategories, PurposesFor(request.Purpose), GenPeriod, Gen.Int[-96, 12], Gen.Int[-1, 150],
        (subject, grantee, categories, purposes, period, givenHours, withdrawnHours) => new ConsentGrant(
            subject == 0 ? "lk_someone_else" : request.SubjectKey, grantee, purposes, categories, period.From, period.Through,
            withdrawnHours < 0 || withdrawnHours > 48 ? ConsentStatus.Active : ConsentStatus.Withdrawn,
            Base.AddHours(givenHours),
            withdrawnHours < 0 || withdrawnHours > 48 ? null : Base.AddHours(withdrawnHours - 24),
            new GrantEvidence("online-click", "ref"), Guid.NewGuid().ToString("N"), University));

    private static readonly Gen<Case> GenCase = GenRequest.SelectMany(request =>
        Gen.Select(AgreementFor(request).Array[0, 4], ConsentFor(request).Array[0, 5], (agreements, consents) => new Case(agreements, consents, request)));

    [Fact]
    public void No_field_survives_masking_that_the_rules_deny()
    {
        var stopwatch = Stopwatch.StartNew();
        long checkedCases = 0, permits = 0, sensitive = 0;
        GenCase.Sample(
            c =>
            {
                var (permitted, sensitiveReleased) = Check(c);
                Interlocked.Increment(ref checkedCases);
                Interlocked.Add(ref permits, permitted ? 1 : 0);
                Interlocked.Add(ref sensitive, sensitiveReleased ? 1 : 0);
            },
            iter: Cases,
            print: c => c.ToString());
        stopwatch.Stop();

        output.WriteLine($"{checkedCases:N0} generated cases checked in {stopwatch.Elapsed.TotalSeconds:F1} s; {permits:N0} released something, {sensitive:N0} released sensitive fields");
        Assert.Equal(Cases, checkedCases);

        // A generator that only ever produces denials would prove nothing.
        Assert.True(permits > Cases / 50, $"only {permits} cases released anything");
        Assert.True(sensitive > Cases / 500, $"only {sensitive} cases released sensitive fields");
    }

    private static (bool Permitted, bool SensitiveReleased) Check(Case c)
    {
        var sensitiveReleased = false;
        var pdp = new PolicyDecisionPoint(PolicySnapshot.Create(c.Agreements, c.Consents), Handles);
        var request = c.Request;
        var decision = pdp.Decide(request);

        var expected = request.RequestedFields.Where(f => Allows(c, f)).ToHashSet(StringComparer.Ordinal);
        if (!decision.AllowedFields.SetEquals(expected))
        {
            throw new InvalidOperationException(
                $"Released [{string.Join(", ", decision.AllowedFields.Order(StringComparer.Ordinal))}] " +
                $"but the rules allow [{string.Join(", ", expected.Order(StringComparer.Ordinal))}] ({decision.Rule})");
        }

        if ((decision.Rule == PolicyRules.Permit) != (decision.AllowedFields.Count > 0) || decision.SubjectHandle.Contains(request.SubjectKey, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Inconsistent decision: {decision.Rule}, handle {decision.SubjectHandle}");
        }

        foreach (var (kind, document) in RecordDocuments.All())
        {
            foreach (var path in Surviving(FieldMask.Copy(JsonSerializer.SerializeToElement(document), decision.AllowedFields, kind), kind))
            {
                var name = path[(path.LastIndexOf('/') + 1)..];
                if (name is "residentId" or "certificateNumber")
                {
                    throw new InvalidOperationException($"Clear identifier {path} released");
                }

                var governing = expected.FirstOrDefault(f => path == f || path.StartsWith(f + "/", StringComparison.Ordinal))
                    ?? throw new InvalidOperationException($"{path} survived though no allowed field covers it");

                foreach (var category in Categories(governing, request.CertificationType)!.Where(IsSensitive))
                {
                    sensitiveReleased = true;
                    if (!c.Consents.Any(k => k.Categories.All(IsSensitive) && ConsentHolds(c, k, category)))
                    {
                        throw new InvalidOperationException($"Sensitive {path} released without a separate {category} consent");
                    }
                }
            }
        }

        return (decision.AllowedFields.Count > 0, sensitiveReleased);
    }

    private static bool Allows(Case c, string field)
    {
        if (!Enum.IsDefined(c.Request.Purpose) || Categories(field, c.Request.CertificationType) is not { } categories)
        {
            return false;
        }

        return categories.All(category =>
            c.Agreements.Any(a => AgreementHolds(c, a, category)) &&
            c.Consents.Any(k => (k.Categories.All(IsSensitive) || !k.Categories.Any(IsSensitive)) && ConsentHolds(c, k, category)));
    }

    private static bool AgreementHolds(Case c, DataSharingAgreement a, DataCategory category) =>
        a.RecordedAt <= c.Request.At && a.Status == AgreementStatus.Active && InPeriod(c.Request.At, a.Terms.ValidFrom, a.Terms.ValidThrough)
        && Names(a.Terms.Grantee, c.Request.Caller) && a.Terms.Categories.Contains(category) && a.Terms.Purposes.Contains(c.Request.Purpose)
        && (a.Terms.ProviderOrganisation is null || a.Terms.ProviderOrganisation == c.Request.ProviderOrganisation);

    private static bool ConsentHolds(Case c, ConsentGrant k, DataCategory category) =>
        k.SubjectKey == c.Request.SubjectKey && Names(k.Grantee, c.Request.Caller) && k.Categories.Contains(category) && k.Purposes.Contains(c.Request.Purpose)
        && k.GivenAt <= c.Request.At && !(k.Status == ConsentStatus.Withdrawn && k.WithdrawnAt <= c.Request.At)
        && InPeriod(c.Request.At, k.ValidFrom, k.ValidThrough);

    private static bool Names(Grantee grantee, ClientIdentity caller) =>
        grantee.Organisation is not null ? grantee.Organisation == caller.Organisation : grantee.Role == caller.Role;

    private static bool InPeriod(DateTimeOffset at, DateOnly from, DateOnly through)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime.AddHours(8));
        return from <= day && day <= through;
    }

    private static DataCategory[]? Categories(string field, string? certificationType) => ReleaseRules.Categories(field, certificationType);

    private static bool IsSensitive(DataCategory category) => category is DataCategory.Hardship or DataCategory.Disability;

    // Paths of everything left: leaves, and arrays with anything inside them.
    private static IEnumerable<string> Surviving(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    foreach (var inner in Surviving(child, $"{path}/{name}"))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray array:
                yield return path;
                foreach (var item in array)
                {
                    if (item is JsonObject element)
                    {
                        foreach (var (name, child) in element)
                        {
                            foreach (var inner in Surviving(child, $"{path}/{name}"))
                            {
                                yield return inner;
                            }
                        }
                    }
                }

                break;
            default:
                yield return path;
                break;
        }
    }

    private sealed record Case(DataSharingAgreement[] Agreements, ConsentGrant[] Consents, AccessRequest Request)
    {
        public override string ToString() =>
            $"request: {Request.Caller.Role}/{Request.Caller.Organisation} {Request.Purpose} {Request.SubjectKey} at {Request.At:O} provider {Request.ProviderOrganisation} " +
            $"cert {Request.CertificationType} fields [{string.Join(", ", Request.RequestedFields)}]\n" +
            string.Concat(Agreements.Select(a => $"  agreement {a.Terms.Grantee} {a.Status} [{string.Join(",", a.Terms.Categories)}] [{string.Join(",", a.Terms.Purposes)}] {a.Terms.ValidFrom}..{a.Terms.ValidThrough} recorded {a.RecordedAt:O} provider {a.Terms.ProviderOrganisation}\n")) +
            string.Concat(Consents.Select(k => $"  consent {k.SubjectKey} {k.Grantee} {k.Status} [{string.Join(",", k.Categories)}] [{string.Join(",", k.Purposes)}] {k.ValidFrom}..{k.ValidThrough} given {k.GivenAt:O} withdrawn {k.WithdrawnAt:O}\n"));
    }
}
