using System.Text.Json;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Access.Decisions;
using Exchange.Core.Json;
using Exchange.Core.Model;

namespace Exchange.Access.Tests.Decisions;

public sealed class WritePolicyTests
{
    private const string Pku = "12100000400000624D";
    private const string PkuInstitution = "4111010001";
    private const string Huawei = "914403001922038216";
    private const string BankOfChina = "91110000802100433B";

    private const string Steward = "111000000000131257";

    private static readonly WritePolicy s_policy = new(
        org => org == Pku ? PkuInstitution : null,
        (org, subjectKey, _) => Task.FromResult(org == Pku && subjectKey == "lk_pku_graduate"));

    private static ClientIdentity Caller(string organisation, PartyRole role, params string[] scopes) =>
        new("client", organisation, role, scopes.ToHashSet(StringComparer.Ordinal));

    private static T Sample<T>(string kind, int index = 0) where T : ICanonicalRecord
    {
        RecordKinds.TryParse(kind, out var parsed);
        var path = Path.Combine(RepositoryRoot(), "samples", $"{kind}.valid.json");
        var element = JsonDocument.Parse(File.ReadAllBytes(path)).RootElement[index];
        return (T)RecordJson.Deserialize(parsed, JsonSerializer.SerializeToUtf8Bytes(element));
    }

    [Fact]
    public void University_writes_records_of_its_own_institution()
    {
        var graduate = Sample<GraduateRecord>("graduate");
        Assert.Null(s_policy.Check(Caller(Pku, PartyRole.University), graduate));
    }

    [Fact]
    public void University_may_not_write_another_institutions_graduate()
    {
        var other = Sample<GraduateRecord>("graduate", 1); // Sichuan University
        var problem = s_policy.Check(Caller(Pku, PartyRole.University), other);
        Assert.Equal(WritePolicy.NotOwnRecord, problem?.Code);
        Assert.Equal("/institutionCode", problem?.Pointer);
    }

    [Fact]
    public void University_without_a_registered_institution_writes_no_graduate()
    {
        var graduate = Sample<GraduateRecord>("graduate");
        Assert.NotNull(s_policy.Check(Caller("12510000450716584C", PartyRole.University), graduate));
    }

    [Fact]
    public void Employer_writes_only_its_own_vacancies_and_placements()
    {
        var huaweiVacancy = Sample<VacancyRecord>("vacancy");
        var bankPlacement = Sample<PlacementRecord>("placement");

        Assert.Null(s_policy.Check(Caller(Huawei, PartyRole.Employer), huaweiVacancy));
        Assert.Equal(WritePolicy.NotOwnRecord, s_policy.Check(Caller(BankOfChina, PartyRole.Employer), huaweiVacancy)?.Code);
        Assert.Null(s_policy.Check(Caller(BankOfChina, PartyRole.Employer), bankPlacement));
        Assert.Equal(WritePolicy.NotOwnRecord, s_policy.Check(Caller(Huawei, PartyRole.Employer), bankPlacement)?.Code);
    }

    [Fact]
    public void Employer_may_not_write_a_placement_without_an_employer()
    {
        var freelance = Sample<PlacementRecord>("placement", 1);
        Assert.Equal(WritePolicy.NotOwnRecord, s_policy.Check(Caller(Huawei, PartyRole.Employer), freelance)?.Code);
    }

    [Fact]
    public void Bureau_writes_only_certifications_it_issued()
    {
        var certification = Sample<CertificationRecord>("certification");
        Assert.Null(s_policy.Check(Caller(certification.IssuerCreditCode, PartyRole.Bureau), certification));
        Assert.Equal(WritePolicy.NotOwnRecord, s_policy.Check(Caller(Huawei, PartyRole.Bureau), certification)?.Code);
    }

    [Fact]
    public async Task University_records_consent_only_for_a_subject_it_holds_a_graduate_record_of()
    {
        var consent = Grant(Grantee.OfOrganisation(Huawei), "lk_pku_graduate");
        Assert.Null(await s_policy.CheckConsentAsync(Caller(Pku, PartyRole.University), consent, CancellationToken.None));

        var other = Grant(Grantee.OfOrganisation(Huawei), "lk_someone_elses_graduate");
        Assert.Equal(WritePolicy.ConsentNotCustodian, (await s_policy.CheckConsentAsync(Caller(Pku, PartyRole.University), other, CancellationToken.None))?.Code);
    }

    [Fact]
    public async Task University_cannot_forge_consent_naming_itself_even_for_its_own_graduate()
    {
        foreach (var grantee in new[] { Grantee.OfOrganisation(Pku), Grantee.OfRole(PartyRole.University) })
        {
            var problem = await s_policy.CheckConsentAsync(Caller(Pku, PartyRole.University), Grant(grantee, "lk_pku_graduate"), CancellationToken.None);
            Assert.Equal(WritePolicy.ConsentSelfGrant, problem?.Code);
        }
    }

    [Fact]
    public async Task Steward_records_consent_for_any_subject_and_other_roles_for_none()
    {
        Assert.Null(await s_policy.CheckConsentAsync(Caller(Steward, PartyRole.Steward), Grant(Grantee.OfRole(PartyRole.Employer), "lk_anyone"), CancellationToken.None));
        foreach (var role in new[] { PartyRole.Employer, PartyRole.Bureau, PartyRole.Matcher })
        {
            // Even naming another grantee and a subject PKU holds: only custodians and stewards record consent.
            var problem = await s_policy.CheckConsentAsync(Caller(Huawei, role), Grant(Grantee.OfOrganisation(BankOfChina), "lk_pku_graduate"), CancellationToken.None);
            Assert.Equal(WritePolicy.ConsentNotCustodian, problem?.Code);
        }
    }

    [Fact]
    public async Task Consent_record_that_would_not_make_a_grant_is_refused_with_its_problems()
    {
        var record = Sample<ConsentRecord>("consent") with { Grantee = new ConsentGrantee { Role = "astrologer" } };
        var problems = await s_policy.CheckAsync(Caller(Steward, PartyRole.Steward), record, "lk_pku_graduate", CancellationToken.None);
        Assert.Contains(problems, p => p.Pointer == "/grantee");
    }

    private static ConsentGrant Grant(Grantee grantee, string subjectKey) => new(
        subjectKey, grantee, new HashSet<Purpose> { Purpose.Matching }, new HashSet<DataCategory> { DataCategory.Education },
        new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), ConsentStatus.Active, DateTimeOffset.UnixEpoch, null,
        new GrantEvidence("online-click", "ref"), "C-1", "source");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Exchange.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Exchange.sln not found.");
    }
}
