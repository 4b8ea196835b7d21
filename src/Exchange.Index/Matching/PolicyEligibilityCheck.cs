using Exchange.Core.Model;

namespace Exchange.Index.Matching;

/// <summary>A programme the graduate may apply for, and why.</summary>
public sealed record EligiblePolicy(PolicyRecord Policy, IReadOnlyList<MatchReason> Reasons);

/// <summary>
/// Which programmes a graduate is eligible for on a day: the programme is open, applies in a region
/// the graduate comes from or prefers, and every non-empty list of its rules is met — a certified
/// status among its certification types (a certification in force, as the derived eligibility
/// counts it; a university's flag is not enough), the education level, the cohort.
/// </summary>
public sealed class PolicyEligibilityCheck(MatchVocabulary vocabulary)
{
    public IReadOnlyList<EligiblePolicy> Eligible(CandidateProfile candidate, IEnumerable<PolicyRecord> policies, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(policies);
        var eligible = new List<EligiblePolicy>();
        foreach (var policy in policies.Where(p => p.ValidFrom <= day && p.ValidThrough >= day))
        {
            if (Reasons(candidate, policy, day) is { } reasons)
                eligible.Add(new EligiblePolicy(policy, reasons));
        }
        return eligible;
    }

    private List<MatchReason>? Reasons(CandidateProfile candidate, PolicyRecord policy, DateOnly day)
    {
        var graduate = candidate.Graduate;
        var rules = policy.Eligibility;
        var reasons = new List<MatchReason>();

        var regions = (graduate.Preferences?.Regions ?? []).Prepend(graduate.OriginRegion);
        var region = regions.FirstOrDefault(r => RegionCodes.Covers(policy.Region, r) != RegionCodes.Cover.None);
        if (region is null)
            return null;
        reasons.Add(MatchReasons.PolicyRegion(region, policy.Region));

        if (rules.CertificationTypes.Count > 0)
        {
            var certified = candidate.CertifiedOn(day).Select(c => c.CertificationType).FirstOrDefault(t => rules.CertificationTypes.Contains(t, StringComparer.Ordinal));
            if (certified is null)
                return null;
            reasons.Add(MatchReasons.PolicyStatus(certified, vocabulary.Hardship(certified)));
        }

        if (rules.EducationLevels.Count > 0)
        {
            if (!rules.EducationLevels.Contains(graduate.EducationLevel, StringComparer.Ordinal))
                return null;
            reasons.Add(MatchReasons.PolicyEducation(graduate.EducationLevel));
        }

        if (rules.Cohorts.Count > 0)
        {
            if (!rules.Cohorts.Contains(graduate.Cohort))
                return null;
            reasons.Add(MatchReasons.PolicyCohort(graduate.Cohort));
        }
        return reasons;
    }
}
