using System.Text.Json;
using Exchange.Access.Clients;
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

    private static readonly WritePolicy s_policy = new(org => org == Pku ? PkuInstitution : null);

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
    public void Writing_a_kind_needs_its_scope()
    {
        var caller = Caller(Pku, PartyRole.University, "records:write:graduate");
        Assert.True(WritePolicy.MayWrite(caller, RecordKind.Graduate));
        Assert.False(WritePolicy.MayWrite(caller, RecordKind.Certification));
    }

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
