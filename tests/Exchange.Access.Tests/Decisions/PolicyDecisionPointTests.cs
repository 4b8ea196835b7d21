using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Decisions;
using static Exchange.Access.Tests.Decisions.PolicyTestData;

namespace Exchange.Access.Tests.Decisions;

public sealed class PolicyDecisionPointTests
{
    private static readonly DataCategory[] Education = [DataCategory.Education];
    private static readonly Purpose[] Matching = [Purpose.Matching];

    [Theory]
    [InlineData(PartyRole.University, University)]
    [InlineData(PartyRole.Employer, EmployerA)]
    [InlineData(PartyRole.Bureau, Bureau)]
    [InlineData(PartyRole.Matcher, Matcher)]
    [InlineData(PartyRole.Steward, Steward)]
    public void Each_role_gets_fields_its_role_agreement_and_role_consent_cover(PartyRole role, string organisation)
    {
        var pdp = Pdp([Agreement(Grantee.OfRole(role), Education, Matching)], [Grant(Grantee.OfRole(role), Education, Matching)]);

        var decision = pdp.Decide(Request(Caller(role, organisation), Purpose.Matching, fields: ["graduate/majorCode", "graduate/name"]));

        Assert.Equal(PolicyRules.Permit, decision.Rule);
        Assert.Equal(["graduate/majorCode"], decision.AllowedFields);
        Assert.StartsWith(SubjectHandles.CandidatePrefix, decision.SubjectHandle, StringComparison.Ordinal);
    }

    [Fact]
    public void An_organisation_agreement_covers_that_organisation_and_not_another_of_the_same_role()
    {
        var pdp = Pdp(
            [Agreement(Grantee.OfOrganisation(EmployerA), Education, Matching)],
            [Grant(Grantee.OfRole(PartyRole.Employer), Education, Matching)]);

        var own = pdp.Decide(Request(Caller(PartyRole.Employer, EmployerA), Purpose.Matching, fields: "graduate/skills"));
        var other = pdp.Decide(Request(Caller(PartyRole.Employer, EmployerB), Purpose.Matching, fields: "graduate/skills"));

        Assert.Equal(PolicyRules.Permit, own.Rule);
        Assert.True(other.IsDenied);
        Assert.Equal(PolicyRules.AgreementNone, other.Rule);
    }

    [Fact]
    public void An_organisation_consent_covers_that_organisation_and_not_another_of_the_same_role()
    {
        var pdp = Pdp(
            [Agreement(Grantee.OfRole(PartyRole.Employer), Education, Matching)],
            [Grant(Grantee.OfOrganisation(EmployerA), Education, Matching)]);

        Assert.False(pdp.Decide(Request(Caller(PartyRole.Employer, EmployerA), Purpose.Matching, fields: "graduate/skills")).IsDenied);
        Assert.Equal(PolicyRules.ConsentNone, pdp.Decide(Request(Caller(PartyRole.Employer, EmployerB), Purpose.Matching, fields: "graduate/skills")).Rule);
    }

    [Fact]
    public void Without_an_agreement_nothing_is_released_even_with_consent()
    {
        var pdp = Pdp([], [Grant(Grantee.OfRole(PartyRole.Matcher), Education, Matching)]);

        var decision = pdp.Decide(Request(Caller(PartyRole.Matcher, Matcher), Purpose.Matching, fields: "graduate/majorCode"));

        Assert.True(decision.IsDenied);
        Assert.Equal(PolicyRules.AgreementNone, decision.Rule);
    }

    [Fact]
    public void Without_consent_nothing_is_released_even_for_statistics()
    {
        var pdp = Pdp([Agreement(Grantee.OfRole(PartyRole.Bureau), Education, [Purpose.Statistics])], []);

        var decision = pdp.Decide(Request(Caller(PartyRole.Bureau, Bureau), Purpose.Statistics, fields: "graduate/majorCode"));

        Assert.Equal(PolicyRules.ConsentNone, decision.Rule);
    }

    [Fact]
    public void The_declared_purpose_must_be_in_both_agreement_and_consent()
    {
        var pdp = Pdp([Agreement(Grantee.OfRole(PartyRole.Matcher), Education, Matching)], [Grant(Grantee.OfRole(PartyRole.Matcher), Education, [Purpose.Research])]);
        var caller = Caller(PartyRole.Matcher, Matcher);

        Assert.Equal(PolicyRules.ConsentNone, pdp.Decide(Request(caller, Purpose.Matching, fields: "graduate/majorCode")).Rule);
        Assert.Equal(PolicyRules.AgreementNone, pdp.Decide(Request(caller, Purpose.Research, fields: "graduate/majorCode")).Rule);
        Assert.Equal(PolicyRules.PurposeMissing, pdp.Decide(Request(caller, (Purpose)42, fields: "graduate/majorCode")).Rule);
    }

    [Fact]
    public void A_withdrawn_consent_releases_nothing_from_its_withdrawal_on_but_did_before()
    {
        var withdrawnAt = Now.AddMinutes(-1);
        var pdp = Pdp([Agreement(Grantee.OfRole(PartyRole.Matcher), Education, Matching)],
            [Grant(Grantee.OfRole(PartyRole.Matcher), Education, Matching, withdrawnAt: withdrawnAt)]);
        var caller = Caller(PartyRole.Matcher, Matcher);

        Assert.Equal(PolicyRules.ConsentWithdrawn, pdp.Decide(Request(caller, Purpose.Matching, Now, fields: "graduate/majorCode")).Rule);
        Assert.Equal(PolicyRules.ConsentWithdrawn, pdp.Decide(Request(caller, Purpose.Matching, withdrawnAt, fields: "graduate/majorCode")).Rule);
        Assert.Equal(PolicyRules.Permit, pdp.Decide(Request(caller, Purpose.Matching, withdrawnAt.AddTicks(-10), fields: "graduate/majorCode")).Rule);
    }

    [Fact]
    public void An_expired_agreement_releases_nothing()
    {
        var pdp = Pdp([Agreement(Grantee.OfRole(PartyRole.Matcher), Education, Matching, through: new DateOnly(2026, 6, 14))],
            [Grant(Grantee.OfRole(PartyRole.Matcher), Education, Matching)]);

        var decision = pdp.Decide(Request(Caller(PartyRole.Matcher, Matcher), Purpose.Matching, fields: "graduate/majorCode"));

        Assert.Equal(PolicyRules.AgreementExpired, decision.Rule);
    }

    [Fact]
    public void Validity_days_are_judged_in_China_standard_time()
    {
        // 2026-06-14T17:00Z is already 2026-06-15 in China: a consent valid from the 15th holds.
        var at = new DateTimeOffset(2026, 6, 14, 17, 0, 0, TimeSpan.Zero);
        var pdp = Pdp([Agreement(Grantee.OfRole(PartyRole.Matcher), Education, Matching)],
            [Grant(Grantee.OfRole(PartyRole.Matcher), Education, Matching, from: new DateOnly(2026, 6, 15))]);

        Assert.Equal(PolicyRules.Permit, pdp.Decide(Request(Caller(PartyRole.Matcher, Matcher), Purpose.Matching, at, fields: "graduate/majorCode")).Rule);
        Assert.Equal(PolicyRules.ConsentExpired, pdp.Decide(Request(Caller(PartyRole.Matcher, Matcher), Purpose.Matching, at.AddHours(-2), fields: "graduate/majorCode")).Rule);
    }

    [Fact]
    public void An_expired_consent_releases_nothing()
    {
        var pdp = Pdp([Agreement(Grantee.OfRole(PartyRole.Matcher), Education, Matching)],
            [Grant(Grantee.OfRole(PartyRole.Matcher), Education, Matching, through: new DateOnly(2026, 3, 1))]);

        Assert.Equal(PolicyRules.ConsentExpired, pdp.Decide(Request(Caller(PartyRole.Matcher, Matcher), Purpose.Matching, fields: "graduate/majorCode")).Rule);
    }

    [Fact]
    public void A_revoked_agreement_releases_nothing_after_the_revoking_version_but_did_before()
    {
        var id = Guid.NewGuid();
        var revokedAt = Now.AddDays(-1);
        var pdp = Pdp(
            [
                Agreement(Grantee.OfRole(PartyRole.Matcher), Education, Matching, id: id, version: 1),
                Agreement(Grantee.OfRole(PartyRole.Matcher), Education, Matching, status: AgreementStatus.Revoked, id: id, version: 2, recordedAt: revokedAt),
            ],
            [Grant(Grantee.OfRole(PartyRole.Matcher), Education, Matching)]);
        var caller = Caller(PartyRole.Matcher, Matcher);

        Assert.Equal(PolicyRules.AgreementRevoked, pdp.Decide(Request(caller, Purpose.Matching, Now, fields: "graduate/majorCode")).Rule);
        Assert.Equal(PolicyRules.Permit, pdp.Decide(Request(caller, Purpose.Matching, revokedAt.AddSeconds(-1), fields: "graduate/majorCode")).Rule);
    }

    [Fact]
    public void A_sensitive_category_needs_a_separate_sensitive_consent()
    {
        var agreement = Agreement(Grantee.OfRole(PartyRole.Bureau), [DataCategory.Disability, DataCategory.Education], [Purpose.ServiceDelivery]);
        var caller = Caller(PartyRole.Bureau, Bureau);
        var request = Request(caller, Purpose.ServiceDelivery, fields: ["certification/disabilityGrade", "graduate/majorCode"]);

        var mixed = Pdp([agreement], [Grant(Grantee.OfRole(PartyRole.Bureau), [DataCategory.Disability, DataCategory.Education], [Purpose.ServiceDelivery])]).Decide(request);
        var separate = Pdp([agreement], [
            Grant(Grantee.OfRole(PartyRole.Bureau), [DataCategory.Disability], [Purpose.ServiceDelivery]),
            Grant(Grantee.OfRole(PartyRole.Bureau), Education, [Purpose.ServiceDelivery]),
        ]).Decide(request);

        Assert.Equal(PolicyRules.ConsentNotSeparate, mixed.Rule);
        Assert.True(mixed.IsDenied);
        Assert.Equal(["certification/disabilityGrade", "graduate/majorCode"], separate.AllowedFields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Certification_common_fields_follow_the_certification_type()
    {
        var pdp = Pdp([Agreement(Grantee.OfRole(PartyRole.Bureau), [DataCategory.Disability], [Purpose.ServiceDelivery])],
            [Grant(Grantee.OfRole(PartyRole.Bureau), [DataCategory.Disability], [Purpose.ServiceDelivery])]);
        var caller = Caller(PartyRole.Bureau, Bureau);

        var disability = pdp.Decide(Request(caller, Purpose.ServiceDelivery, fields: "certification/validThrough") with { CertificationType = "disability" });
        var hardship = pdp.Decide(Request(caller, Purpose.ServiceDelivery, fields: "certification/validThrough") with { CertificationType = "minimum-living-allowance" });
        var unknown = pdp.Decide(Request(caller, Purpose.ServiceDelivery, fields: "certification/validThrough"));

        Assert.Equal(PolicyRules.Permit, disability.Rule);
        Assert.Equal(PolicyRules.AgreementNone, hardship.Rule);
        Assert.True(unknown.IsDenied);
    }

    [Fact]
    public void Unknown_fields_are_never_released_and_the_rest_is_a_partial_permit()
    {
        var pdp = Pdp([Agreement(Grantee.OfRole(PartyRole.Matcher), Education, Matching)], [Grant(Grantee.OfRole(PartyRole.Matcher), Education, Matching)]);
        var caller = Caller(PartyRole.Matcher, Matcher);

        var partial = pdp.Decide(Request(caller, Purpose.Matching, fields: ["graduate/majorCode", "graduate/favouriteColour"]));
        var unknown = pdp.Decide(Request(caller, Purpose.Matching, fields: "graduate/favouriteColour"));

        Assert.Equal(PolicyRules.Permit, partial.Rule);
        Assert.Equal(["graduate/majorCode"], partial.AllowedFields);
        Assert.Equal(PolicyRules.FieldUnknown, unknown.Rule);
    }

    [Theory]
    [InlineData("graduate/residentId")]
    [InlineData("certification/residentId")]
    [InlineData("certification/certificateNumber")]
    public void Clear_identifiers_are_never_released_whatever_is_agreed_and_consented(string field)
    {
        DataCategory[] all = Enum.GetValues<DataCategory>();
        var pdp = Pdp([Agreement(Grantee.OfRole(PartyRole.Bureau), all, Matching)],
            [Grant(Grantee.OfRole(PartyRole.Bureau), [DataCategory.Identity, DataCategory.Education], Matching)]);

        var decision = pdp.Decide(Request(Caller(PartyRole.Bureau, Bureau), Purpose.Matching, fields: field));

        Assert.Equal(PolicyRules.FieldNeverReleased, decision.Rule);
    }

    [Fact]
    public void An_agreement_naming_a_provider_applies_only_to_that_providers_data()
    {
        var pdp = Pdp([Agreement(Grantee.OfRole(PartyRole.Matcher), Education, Matching, provider: University)],
            [Grant(Grantee.OfRole(PartyRole.Matcher), Education, Matching)]);
        var request = Request(Caller(PartyRole.Matcher, Matcher), Purpose.Matching, fields: "graduate/majorCode");

        Assert.Equal(PolicyRules.Permit, pdp.Decide(request with { ProviderOrganisation = University }).Rule);
        Assert.Equal(PolicyRules.AgreementNone, pdp.Decide(request with { ProviderOrganisation = EmployerA }).Rule);
        Assert.Equal(PolicyRules.AgreementNone, pdp.Decide(request).Rule);
    }

    [Fact]
    public void The_candidate_handle_is_stable_per_grantee_and_differs_across_grantees()
    {
        var pdp = Pdp([], []);
        string HandleFor(string organisation) =>
            pdp.Decide(Request(Caller(PartyRole.Employer, organisation), Purpose.Matching, fields: "graduate/majorCode")).SubjectHandle;

        Assert.Equal(HandleFor(EmployerA), HandleFor(EmployerA));
        Assert.NotEqual(HandleFor(EmployerA), HandleFor(EmployerB));
        Assert.Matches("^cand_[a-z2-7]{26}$", HandleFor(EmployerA));
        Assert.DoesNotContain(Subject, HandleFor(EmployerA), StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_fields_and_the_identified_handle_need_consent_to_identity()
    {
        var agreement = Agreement(Grantee.OfRole(PartyRole.Employer), [DataCategory.Identity, DataCategory.Education], Matching);
        var educationOnly = Pdp([agreement], [Grant(Grantee.OfRole(PartyRole.Employer), Education, Matching)]);
        var identified = Pdp([agreement], [Grant(Grantee.OfRole(PartyRole.Employer), [DataCategory.Identity, DataCategory.Education], Matching)]);
        var request = Request(Caller(PartyRole.Employer, EmployerA), Purpose.Matching, fields: ["graduate/name", "graduate/majorCode"]);
        var requestB = Request(Caller(PartyRole.Employer, EmployerB), Purpose.Matching, fields: ["graduate/name"]);

        var pseudonymous = educationOnly.Decide(request);
        var named = identified.Decide(request);

        Assert.Equal(["graduate/majorCode"], pseudonymous.AllowedFields);
        Assert.StartsWith("cand_", pseudonymous.SubjectHandle, StringComparison.Ordinal);
        Assert.Contains("graduate/name", named.AllowedFields);
        Assert.Matches("^subj_[a-z2-7]{26}$", named.SubjectHandle);
        Assert.Equal(named.SubjectHandle, identified.Decide(requestB).SubjectHandle);
    }

    [Fact]
    public void A_bureau_gets_a_handle_too_unless_identity_is_consented()
    {
        var pdp = Pdp([Agreement(Grantee.OfRole(PartyRole.Bureau), [DataCategory.Eligibility], [Purpose.ServiceDelivery])],
            [Grant(Grantee.OfRole(PartyRole.Bureau), [DataCategory.Eligibility], [Purpose.ServiceDelivery])]);

        var decision = pdp.Decide(Request(Caller(PartyRole.Bureau, Bureau), Purpose.ServiceDelivery, fields: ["derived/eligibility", "graduate/name"]));

        Assert.Equal(["derived/eligibility"], decision.AllowedFields);
        Assert.StartsWith("cand_", decision.SubjectHandle, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_subjects_consent_releases_nothing()
    {
        var pdp = Pdp([Agreement(Grantee.OfRole(PartyRole.Matcher), Education, Matching)],
            [Grant(Grantee.OfRole(PartyRole.Matcher), Education, Matching, subject: "lk_someone_else")]);

        Assert.Equal(PolicyRules.ConsentNone, pdp.Decide(Request(Caller(PartyRole.Matcher, Matcher), Purpose.Matching, fields: "graduate/majorCode")).Rule);
    }
}
