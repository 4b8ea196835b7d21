using Exchange.Access.Agreements;
using Exchange.Access.Audit;
using Exchange.Access.Clients;
using Exchange.Access.Decisions;
using Exchange.Access.Enforcement;
using Exchange.Testing;
using static Exchange.Access.Tests.Decisions.PolicyTestData;

namespace Exchange.Access.Tests.Decisions;

/// <summary>Aggregate statistics: who may be counted, on which basis, and what the audit records.</summary>
public sealed class StatisticsReleaseTests
{
    private static readonly ClientIdentity BureauCaller = Caller(PartyRole.Bureau, Bureau);
    private static readonly HashSet<DataCategory> Needed = [DataCategory.Education, DataCategory.Outcomes, DataCategory.Hardship];
    private static readonly DataCategory[] AllNeeded = [DataCategory.Education, DataCategory.Outcomes, DataCategory.Hardship];

    private static DataSharingAgreement WithBasis(DataSharingAgreement agreement, LegalBasisType basis) =>
        agreement with { Terms = agreement.Terms with { LegalBasisType = basis } };

    [Fact]
    public void A_statutory_duty_counts_the_providers_subjects_whole_and_consent_counts_only_the_consenting()
    {
        var otherUniversity = "12100000400002259P";
        var pdp = Pdp(
            [
                WithBasis(Agreement(Grantee.OfOrganisation(Bureau), AllNeeded, [Purpose.Statistics], provider: University), LegalBasisType.StatutoryDuty),
                Agreement(Grantee.OfOrganisation(Bureau), AllNeeded, [Purpose.Statistics], provider: otherUniversity),
            ],
            [
                Grant(Grantee.OfOrganisation(Bureau), [DataCategory.Education, DataCategory.Outcomes], [Purpose.Statistics], subject: "lk_consented"),
                Grant(Grantee.OfOrganisation(Bureau), [DataCategory.Hardship], [Purpose.Statistics], subject: "lk_consented"),
                Grant(Grantee.OfOrganisation(Bureau), AllNeeded, [Purpose.Statistics], subject: "lk_mixed_sensitive_void"),
                Grant(Grantee.OfOrganisation(Bureau), [DataCategory.Education, DataCategory.Outcomes], [Purpose.Statistics], subject: "lk_no_hardship"),
                Grant(Grantee.OfOrganisation(Bureau), AllNeeded, [Purpose.Matching], subject: "lk_other_purpose"),
                Grant(Grantee.OfOrganisation(Bureau), [DataCategory.Education, DataCategory.Outcomes], [Purpose.Statistics], subject: "lk_hardship_withdrawn"),
                Grant(Grantee.OfOrganisation(Bureau), [DataCategory.Hardship], [Purpose.Statistics], subject: "lk_hardship_withdrawn", withdrawnAt: Now.AddDays(-1)),
            ]);

        var scope = pdp.DecideStatistics(BureauCaller, Needed, Now);

        Assert.False(scope.IsDenied);
        Assert.Equal([University], scope.WholeProviders);
        Assert.Equal([otherUniversity], scope.ConsentProviders);
        Assert.False(scope.CountsEveryProviderWhole);
        Assert.Equal(["lk_consented"], pdp.SubjectsConsentingToStatistics(BureauCaller, Needed, Now));
    }

    [Fact]
    public void An_agreement_that_is_revoked_expired_for_another_purpose_grantee_or_missing_a_needed_category_grants_nothing()
    {
        var pdp = Pdp(
            [
                WithBasis(Agreement(Grantee.OfOrganisation(Bureau), AllNeeded, [Purpose.Statistics], status: AgreementStatus.Revoked), LegalBasisType.StatutoryDuty),
                WithBasis(Agreement(Grantee.OfOrganisation(Bureau), AllNeeded, [Purpose.Statistics], through: new DateOnly(2026, 5, 31)), LegalBasisType.StatutoryDuty),
                WithBasis(Agreement(Grantee.OfOrganisation(Bureau), AllNeeded, [Purpose.Research]), LegalBasisType.StatutoryDuty),
                WithBasis(Agreement(Grantee.OfOrganisation(EmployerA), AllNeeded, [Purpose.Statistics]), LegalBasisType.StatutoryDuty),
                WithBasis(Agreement(Grantee.OfOrganisation(Bureau), [DataCategory.Education, DataCategory.Outcomes], [Purpose.Statistics]), LegalBasisType.StatutoryDuty),
            ],
            []);

        Assert.True(pdp.DecideStatistics(BureauCaller, Needed, Now).IsDenied);
    }

    [Fact]
    public async Task A_report_read_is_audited_once_per_agreement_with_the_basis_applied_and_never_names_a_subject()
    {
        var agreement = WithBasis(Agreement(Grantee.OfRole(PartyRole.Bureau), AllNeeded, [Purpose.Statistics]), LegalBasisType.StatutoryDuty);
        var audit = new RecordingAuditLog();
        var release = Service([agreement], audit);

        var result = await release.ReleaseStatisticsAsync(
            new StatisticsRequest(BureauCaller, Purpose.Statistics, "outcomes", Needed, "GET /v1/reports/{name}", Now), CancellationToken.None);

        Assert.False(result.IsDenied);
        Assert.True(result.Scope.CountsEveryProviderWhole);
        var entry = Assert.Single(audit.Records);
        Assert.Equal(("permit", PolicyRules.StatisticsStatutoryDuty, "", "statistics"), (entry.Decision, entry.Rule, entry.SubjectHandle, entry.Purpose));
        Assert.Contains("report/outcomes", entry.FieldsReleased);
        Assert.Contains($"agreement/{agreement.Id}@1", entry.FieldsReleased);
        Assert.Contains("provider/*", entry.FieldsReleased);
        Assert.Contains("category/hardship", entry.FieldsReleased);
    }

    [Theory]
    [InlineData(Purpose.Matching, PolicyRules.StatisticsPurpose)]
    [InlineData(Purpose.Statistics, PolicyRules.AgreementNone)]
    public async Task A_report_read_without_statistics_purpose_or_agreement_is_denied_and_the_denial_audited(Purpose purpose, string rule)
    {
        var audit = new RecordingAuditLog();
        var release = Service([Agreement(Grantee.OfOrganisation(EmployerA), AllNeeded, [Purpose.Statistics, Purpose.Matching])], audit);

        var result = await release.ReleaseStatisticsAsync(
            new StatisticsRequest(BureauCaller, purpose, "outcomes", Needed, "GET /v1/reports/{name}", Now), CancellationToken.None);

        Assert.True(result.IsDenied);
        Assert.Equal(rule, result.DeniedRule);
        Assert.Empty(result.ConsentingSubjectKeys);
        var entry = Assert.Single(audit.Records);
        Assert.Equal(("deny", rule), (entry.Decision, entry.Rule));
    }

    private static ReleaseService Service(IEnumerable<DataSharingAgreement> agreements, IAuditLog audit)
    {
        var snapshot = PolicySnapshot.Create(agreements, []);
        var cache = new PolicySnapshotCache(_ => Task.FromResult(snapshot), Handles);
        return new ReleaseService(cache, audit, Handles, new MemoryHandleDirectory(), new ReleaseTelemetry(new TestMeters()));
    }
}
