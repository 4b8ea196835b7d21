using CsCheck;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Access.Decisions;
using Xunit.Abstractions;
using static Exchange.Access.Tests.Decisions.PolicyTestData;

namespace Exchange.Access.Tests.Decisions;

/// <summary>
/// Consents pushed by every role, for subjects each university does or does not hold, naming any
/// grantee (the writer itself included), active or already withdrawn: the ones the write policy
/// lets through, added to the steward's, must never release a field that the steward's consents
/// and the custodians' legitimate consents (restated here, independent of the implementation)
/// do not release. A forged consent opens nothing.
/// </summary>
public sealed class ConsentWriteNoLeakPropertyTests(ITestOutputHelper output)
{
    private const long Cases = 20_000;
    private const string UniversityB = "12510000450716584C";

    private static readonly DateTimeOffset Base = new(2026, 6, 15, 12, 0, 0, TimeSpan.FromHours(8));

    private static readonly (PartyRole Role, string Organisation)[] Parties =
    [
        (PartyRole.University, University), (PartyRole.University, UniversityB), (PartyRole.Employer, EmployerA), (PartyRole.Employer, EmployerB),
        (PartyRole.Bureau, Bureau), (PartyRole.Matcher, Matcher), (PartyRole.Steward, Steward),
    ];

    // Who holds a graduate record of each subject: one university, the other, both.
    private static readonly Dictionary<string, string[]> Custodians = new(StringComparer.Ordinal)
    {
        ["lk_held_by_a"] = [University],
        ["lk_held_by_b"] = [UniversityB],
        ["lk_held_by_both"] = [University, UniversityB],
    };

    private static readonly string[] Subjects = [.. Custodians.Keys];
    private static readonly string?[] Providers = [null, University, UniversityB];
    private static readonly string[] Fields = ["graduate/name", "graduate/majorName", "graduate/contact/phone", "graduate/hardshipFlags", "derived/eligibility"];

    private static readonly WritePolicy Policy = new(
        _ => null,
        (organisation, subject, _) => Task.FromResult(Custodians.TryGetValue(subject, out var holders) && holders.Contains(organisation)));

    private static readonly Gen<ClientIdentity> GenParty = Gen.Int[0, Parties.Length - 1].Select(i => Caller(Parties[i].Role, Parties[i].Organisation));

    private static readonly Gen<Grantee> GenGrantee = Gen.Int[0, (Parties.Length * 2) - 1].Select(i =>
        i < Parties.Length ? Grantee.OfOrganisation(Parties[i].Organisation) : Grantee.OfRole(Parties[i - Parties.Length].Role));

    // Separate consents only (as the store insists): either the sensitive categories or the others.
    private static readonly Gen<HashSet<DataCategory>> GenCategories = Gen.Select(Gen.Int[1, 127], Gen.Bool, (mask, sensitive) =>
    {
        var all = Enum.GetValues<DataCategory>().Where(c => (mask & (1 << (int)c)) != 0 && c.IsSensitive() == sensitive).ToHashSet();
        return all.Count > 0 ? all : [sensitive ? DataCategory.Hardship : DataCategory.Education];
    });

    private static readonly Gen<HashSet<Purpose>> GenPurposes = Gen.Int[1, 15].Select(mask =>
        Enum.GetValues<Purpose>().Where(p => (mask & (1 << (int)p)) != 0).ToHashSet());

    private static readonly Gen<Write> GenWrite = Gen.Select(
        GenParty, GenGrantee, Gen.Int[0, Subjects.Length - 1], GenCategories, GenPurposes, Gen.Int[0, 3],
        (writer, grantee, subject, categories, purposes, status) => new Write(writer, new ConsentGrant(
            Subjects[subject], grantee, purposes, categories, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31),
            status == 0 ? ConsentStatus.Withdrawn : ConsentStatus.Active, Base.AddDays(-10), status == 0 ? Base.AddDays(-1) : null,
            new GrantEvidence("online-click", "ref"), Guid.NewGuid().ToString("N"), writer.Organisation)));

    // Agreements open everything to everyone, for any provider: only consent can then stand between a caller and the data.
    private static readonly DataSharingAgreement[] OpenAgreements =
    [
        .. Parties.Select(p => Agreement(Grantee.OfOrganisation(p.Organisation), Enum.GetValues<DataCategory>(), Enum.GetValues<Purpose>(), recordedAt: Base.AddDays(-30))),
    ];

    private static readonly Gen<Case> GenCase = Gen.Select(
        GenWrite.Array[1, 8], GenParty, Gen.Int[0, Subjects.Length - 1], Gen.Int[0, Providers.Length - 1], Gen.Int[0, 3],
        (writes, caller, subject, provider, purpose) => new Case(writes, new AccessRequest(
            caller, (Purpose)purpose, Subjects[subject], Fields.ToHashSet(StringComparer.Ordinal), Base) { ProviderOrganisation = Providers[provider] }));

    [Fact]
    public void No_pushed_consent_opens_data_that_the_steward_and_the_custodians_did_not()
    {
        long releases = 0, refusedWrites = 0, acceptedWrites = 0;
        GenCase.Sample(
            c =>
            {
                var accepted = new List<ConsentGrant>();
                foreach (var write in c.Writes)
                {
                    var problem = Policy.CheckConsentAsync(write.Writer, write.Grant, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                    var legitimate = Legitimate(write);
                    if ((problem is null) != legitimate)
                        throw new InvalidOperationException($"The write policy {(problem is null ? "accepted" : "refused")} {write}; the rules {(legitimate ? "allow" : "forbid")} it.");
                    if (problem is null)
                        accepted.Add(write.Grant);
                    Interlocked.Increment(ref problem is null ? ref acceptedWrites : ref refusedWrites);
                }

                var decision = Pdp(OpenAgreements, accepted).Decide(c.Request);
                var expected = c.Request.RequestedFields.Where(f => Opens(c, f)).ToHashSet(StringComparer.Ordinal);
                if (!decision.AllowedFields.SetEquals(expected))
                    throw new InvalidOperationException($"Released [{string.Join(", ", decision.AllowedFields.Order(StringComparer.Ordinal))}]; the rules open [{string.Join(", ", expected.Order(StringComparer.Ordinal))}].");

                // The heart of it: nobody ever reads a subject through a consent it wrote itself.
                if (!decision.IsDenied && c.Writes.Any(w => w.Writer.Organisation == c.Request.Caller.Organisation && w.Writer.Role != PartyRole.Steward
                        && w.Grant.Grantee.Covers(c.Request.Caller) && accepted.Contains(w.Grant)))
                    throw new InvalidOperationException("A caller read through a consent it recorded for itself.");
                Interlocked.Add(ref releases, decision.IsDenied ? 0 : 1);
            },
            iter: Cases,
            print: c => c.ToString());

        output.WriteLine($"{Cases:N0} cases: {acceptedWrites:N0} consent writes accepted, {refusedWrites:N0} refused, {releases:N0} reads released something");
        Assert.True(acceptedWrites > Cases / 10 && refusedWrites > Cases, "The generator must produce both accepted and refused writes.");
        Assert.True(releases > Cases / 50, $"Only {releases} reads released anything; the property would be vacuous.");
    }

    // The rule as docs/access.md states it: a steward, or a university that holds the subject's
    // graduate record and does not name itself or its own role.
    private static bool Legitimate(Write write) => write.Writer.Role switch
    {
        PartyRole.Steward => true,
        PartyRole.University => Custodians[write.Grant.SubjectKey].Contains(write.Writer.Organisation)
            && write.Grant.Grantee.Organisation != write.Writer.Organisation
            && write.Grant.Grantee.Role != PartyRole.University,
        _ => false,
    };

    private static bool Opens(Case c, string field)
    {
        var request = c.Request;
        var categories = field switch
        {
            "graduate/name" => DataCategory.Identity,
            "graduate/majorName" => DataCategory.Education,
            "graduate/contact/phone" => DataCategory.Contact,
            "graduate/hardshipFlags" => DataCategory.Hardship,
            _ => DataCategory.Eligibility,
        };
        return c.Writes.Where(Legitimate).Select(w => w.Grant).Any(g =>
            g.SubjectKey == request.SubjectKey && g.Status == ConsentStatus.Active && g.Categories.Contains(categories) && g.Purposes.Contains(request.Purpose)
            && (g.Grantee.Organisation is not null ? g.Grantee.Organisation == request.Caller.Organisation : g.Grantee.Role == request.Caller.Role));
    }

    private sealed record Write(ClientIdentity Writer, ConsentGrant Grant)
    {
        public override string ToString() =>
            $"{Writer.Role}/{Writer.Organisation} writes {Grant.Status} consent for {Grant.SubjectKey} to {Grant.Grantee} [{string.Join(",", Grant.Categories)}] [{string.Join(",", Grant.Purposes)}]";
    }

    private sealed record Case(Write[] Writes, AccessRequest Request)
    {
        public override string ToString() =>
            $"read by {Request.Caller.Role}/{Request.Caller.Organisation} of {Request.SubjectKey} for {Request.Purpose}, provider {Request.ProviderOrganisation}\n"
            + string.Concat(Writes.Select(w => $"  {w}\n"));
    }
}
