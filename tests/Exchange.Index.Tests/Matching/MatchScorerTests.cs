using Exchange.Core.Model;
using Exchange.Index.Matching;
using static Exchange.Index.Tests.Matching.MatchRecords;

namespace Exchange.Index.Tests.Matching;

/// <summary>Each reason of the score, on its own: what earns it, what it names, and its two languages.</summary>
public sealed class MatchScorerTests
{
    private readonly MatchScorer _scorer = new(MatchVocabulary.Shipped);

    private MatchScore Score(GraduateRecord graduate, VacancyRecord vacancy, params CertificationRecord[] certifications) =>
        _scorer.Score(Profile(graduate, certifications), vacancy, Today);

    private static MatchReason Reason(MatchScore score, string code) =>
        Assert.Single(score.Reasons, r => r.Code == code);

    [Fact]
    public void Skills_overlap_names_the_shared_skills_in_both_languages_and_earns_points_per_skill()
    {
        var reason = Reason(Score(Graduate() with { Skills = ["java", "SQL ", "Excel"] }, Vacancy()), "skills-overlap");

        Assert.Equal(["Java", "SQL"], reason.Values);
        Assert.Equal(2 * MatchReasons.PointsPerSkill, reason.Points);
        Assert.Contains("Java, SQL", reason.Text, StringComparison.Ordinal);
        Assert.Contains("Java、SQL", reason.TextZh, StringComparison.Ordinal);
        Assert.Equal(["education"], reason.Reveals);
    }

    [Fact]
    public void No_shared_skill_gives_no_skills_reason()
    {
        Assert.DoesNotContain(Score(Graduate() with { Skills = ["CAD"] }, Vacancy()).Reasons, r => r.Code == "skills-overlap");
    }

    [Fact]
    public void Education_meets_below_or_open_by_the_first_digit_of_GB_T_4658()
    {
        Assert.Equal(MatchReasons.EducationPoints, Reason(Score(Graduate() with { EducationLevel = "14" }, Vacancy()), "education-meets").Points);
        var below = Reason(Score(Graduate() with { EducationLevel = "30" }, Vacancy()), "education-below");
        Assert.Equal(0, below.Points);
        Assert.Equal(["30", "20"], below.Values);
        Assert.Equal(MatchReasons.EducationPoints, Reason(Score(Graduate(), Vacancy() with { MinEducationLevel = null }), "education-open").Points);
    }

    [Fact]
    public void Major_exact_beats_major_group_of_the_first_four_digits_and_any_major_earns_a_little()
    {
        Assert.Equal(MatchReasons.MajorExactPoints, Reason(Score(Graduate(), Vacancy()), "major-exact").Points);
        var group = Reason(Score(Graduate() with { MajorCode = "080902" }, Vacancy()), "major-group");
        Assert.Equal(["080902", "0809"], group.Values);
        Assert.Equal(MatchReasons.MajorGroupPoints, group.Points);
        Assert.DoesNotContain(Score(Graduate() with { MajorCode = "120203K" }, Vacancy()).Reasons, r => r.Code.StartsWith("major", StringComparison.Ordinal));
        Assert.Equal(MatchReasons.MajorOpenPoints, Reason(Score(Graduate(), Vacancy() with { Majors = [] }), "major-open").Points);
    }

    [Theory]
    [InlineData("410105", MatchReasons.RegionExactPoints)]
    [InlineData("410100", MatchReasons.RegionPrefecturePoints)]
    [InlineData("410000", MatchReasons.RegionProvincePoints)]
    public void A_preferred_region_covers_its_counties_and_prefectures_the_nearer_the_more(string preferred, int points)
    {
        var graduate = Graduate() with { Preferences = Graduate().Preferences! with { Regions = [preferred] } };
        var reason = Reason(Score(graduate, Vacancy()), "region-preferred");
        Assert.Equal(points, reason.Points);
        Assert.Equal(["410105", preferred], reason.Values);
    }

    [Fact]
    public void A_region_in_another_prefecture_or_province_is_no_preference_met()
    {
        var graduate = Graduate() with { Preferences = Graduate().Preferences! with { Regions = ["410300", "420000"] } };
        Assert.DoesNotContain(Score(graduate, Vacancy()).Reasons, r => r.Code == "region-preferred");
    }

    [Fact]
    public void Pay_contract_and_occupation_preferences_each_add_points_and_pay_below_is_explained_without_taking_any()
    {
        var score = Score(Graduate(), Vacancy());
        Assert.Equal(MatchReasons.PayPoints, Reason(score, "pay-meets").Points);
        Assert.Equal(MatchReasons.ContractPoints, Reason(score, "contract-preferred").Points);
        Assert.Equal(["2-02-10-03", "2-02"], Reason(score, "occupation-preferred").Values);

        var below = Reason(Score(Graduate() with { Preferences = Graduate().Preferences! with { MinMonthlyPay = 12000 } }, Vacancy()), "pay-below");
        Assert.Equal(0, below.Points);
        Assert.Equal(["9000", "12000"], below.Values);
    }

    [Fact]
    public void An_occupation_group_prefix_must_end_at_a_dash()
    {
        var graduate = Graduate() with { Preferences = Graduate().Preferences! with { Occupations = ["2-0"] } };
        Assert.DoesNotContain(Score(graduate, Vacancy()).Reasons, r => r.Code == "occupation-preferred");
    }

    [Fact]
    public void Accessibility_met_names_the_features_a_need_asks_for_whether_sent_as_code_or_Chinese_label()
    {
        var graduate = Graduate() with { AccommodationNeeds = ["无障碍通道", "screen-reader"] };
        var reason = Reason(Score(graduate, Vacancy() with { AccessibilityFeatures = ["step-free-access", "screen-reader", "job-coach"] }), "accessibility-met");

        Assert.Equal(["step-free-access", "screen-reader"], reason.Values);
        Assert.Equal(2 * MatchReasons.PointsPerFeatureMet, reason.Points);
        Assert.Contains("无障碍通道", reason.TextZh, StringComparison.Ordinal);
        Assert.Contains("screen-reader support", reason.Text, StringComparison.Ordinal);
        Assert.Equal(["disability"], reason.Reveals);
    }

    [Fact]
    public void Accessibility_conflict_is_explained_with_no_points_taken()
    {
        var graduate = Graduate() with { AccommodationNeeds = ["step-free-access"] };
        var vacancy = Vacancy() with { PhysicalRequirements = ["prolonged-standing", "frequent-phone-calls"] };
        var with = Score(graduate, vacancy);
        var reason = Reason(with, "accessibility-conflict");

        Assert.Equal(["prolonged-standing", "step-free-access"], reason.Values);
        Assert.Equal(0, reason.Points);
        Assert.Contains("prolonged standing", reason.Text, StringComparison.Ordinal);
        Assert.Contains("长时间站立", reason.TextZh, StringComparison.Ordinal);
        Assert.Equal(Score(Graduate(), vacancy).Points, with.Points);
    }

    [Fact]
    public void A_need_the_job_meets_with_its_feature_is_no_conflict()
    {
        var graduate = Graduate() with { AccommodationNeeds = ["screen-reader"] };
        var vacancy = Vacancy() with { PhysicalRequirements = ["colour-vision"], AccessibilityFeatures = ["screen-reader"] };
        Assert.DoesNotContain(Score(graduate, vacancy).Reasons, r => r.Code == "accessibility-conflict");
    }

    [Fact]
    public void Hardship_priority_applies_to_a_flagged_or_certified_graduate_and_reveals_hardship()
    {
        var vacancy = Vacancy() with { InclusiveHiring = ["hardship-priority"] };
        Assert.Equal(MatchReasons.InclusivePoints, Reason(Score(Graduate() with { HardshipFlags = ["poverty-alleviation"] }, vacancy), "inclusive-hardship").Points);
        var certified = Reason(Score(Graduate(), vacancy, Certification("minimum-living-allowance")), "inclusive-hardship");
        Assert.Equal(["hardship"], certified.Reveals);
        Assert.DoesNotContain(Score(Graduate(), vacancy).Reasons, r => r.Code == "inclusive-hardship");
    }

    [Fact]
    public void An_expired_certification_earns_no_inclusive_points()
    {
        var expired = Certification("minimum-living-allowance") with { ValidThrough = Today.AddDays(-1) };
        Assert.DoesNotContain(Score(Graduate(), Vacancy() with { InclusiveHiring = ["hardship-priority"] }, expired).Reasons, r => r.Code == "inclusive-hardship");
    }

    [Fact]
    public void Disability_friendly_applies_to_a_graduate_with_accommodation_needs_or_a_disability_certification()
    {
        var vacancy = Vacancy() with { InclusiveHiring = ["disability-friendly"] };
        Assert.Single(Score(Graduate() with { AccommodationNeeds = ["flexible-hours"] }, vacancy).Reasons, r => r.Code == "inclusive-disability");
        Assert.Single(Score(Graduate(), vacancy, Certification("disability")).Reasons, r => r.Code == "inclusive-disability");
    }

    [Fact]
    public void The_score_is_the_sum_of_the_reasons_and_sex_origin_and_name_change_nothing()
    {
        var score = Score(Graduate(), Vacancy());
        Assert.Equal(score.Reasons.Sum(r => r.Points), score.Points);
        var other = Score(Graduate() with { Sex = "1", OriginRegion = "530102", Name = "另一个人", BirthDate = new DateOnly(1990, 1, 1) }, Vacancy());
        Assert.Equal(score.Points, other.Points);
        Assert.Equal(score.Reasons.Select(r => r.Code), other.Reasons.Select(r => r.Code));
    }

    [Fact]
    public void Every_reason_has_Chinese_and_English_text_naming_the_same_values()
    {
        var graduate = Graduate() with { AccommodationNeeds = ["step-free-access"], HardshipFlags = ["orphan"] };
        var vacancy = Vacancy() with { AccessibilityFeatures = ["step-free-access"], PhysicalRequirements = ["climbing"], InclusiveHiring = ["hardship-priority", "disability-quota"] };
        foreach (var reason in Score(graduate, vacancy).Reasons.Concat(Score(Graduate() with { EducationLevel = "30" }, vacancy).Reasons))
        {
            Assert.False(string.IsNullOrWhiteSpace(reason.Text));
            Assert.Matches(@"[\u4e00-\u9fff]", reason.TextZh);
            Assert.DoesNotMatch(@"[\u4e00-\u9fff]", reason.Text.Replace(graduate.MajorName, "", StringComparison.Ordinal));
            foreach (var value in reason.Values.Where(v => !v.Contains('-', StringComparison.Ordinal) || reason.Code is "occupation-preferred" or "contract-preferred"))
            {
                Assert.Contains(value, reason.Text, StringComparison.Ordinal);
                Assert.Contains(value, reason.TextZh, StringComparison.Ordinal);
            }
        }
    }
}
