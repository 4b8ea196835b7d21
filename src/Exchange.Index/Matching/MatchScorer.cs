using Exchange.Core.Model;

namespace Exchange.Index.Matching;

/// <summary>
/// Scores a graduate against a vacancy: a pure function of the two records, the subject's
/// certifications and the day. Sex, birth date, origin region and name are never read; hardship,
/// disability and accommodation needs only ever add points (an accessibility conflict is explained
/// with none taken away), so gaining a protected status can never lower a graduate's score.
/// </summary>
public sealed class MatchScorer(MatchVocabulary vocabulary)
{
    private static readonly HashSet<string> QualificationCodes = new(StringComparer.Ordinal)
    {
        "skills-overlap", "education-meets", "education-open", "education-below", "major-exact", "major-group", "major-open",
        "region-preferred", "pay-meets", "pay-below", "contract-preferred", "occupation-preferred",
    };

    /// <summary>True for a reason about qualifications and preferences, false for accessibility and inclusive hiring.</summary>
    public static bool IsQualification(string code) => QualificationCodes.Contains(code);

    public MatchScore Score(CandidateProfile candidate, VacancyRecord vacancy, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(vacancy);
        var graduate = candidate.Graduate;
        var reasons = new List<MatchReason>();

        var skills = vacancy.Skills.Where(s => graduate.Skills.Any(g => SameSkill(g, s))).ToList();
        if (skills.Count > 0)
            reasons.Add(MatchReasons.SkillsOverlap(skills));

        if (vacancy.MinEducationLevel is null)
            reasons.Add(MatchReasons.EducationOpen());
        else if (MeetsEducation(graduate.EducationLevel, vacancy.MinEducationLevel))
            reasons.Add(MatchReasons.EducationMeets(graduate.EducationLevel, vacancy.MinEducationLevel));
        else
            reasons.Add(MatchReasons.EducationBelow(graduate.EducationLevel, vacancy.MinEducationLevel));

        if (Major(graduate, vacancy) is { } major)
            reasons.Add(major);
        reasons.AddRange(Preferences(graduate.Preferences, vacancy));
        reasons.AddRange(Accessibility(graduate, vacancy));
        reasons.AddRange(Inclusive(candidate, vacancy, day));
        return new MatchScore(reasons.Sum(r => r.Points), reasons);
    }

    /// <summary>
    /// The most points a vacancy can give anyone beyond qualifications (accessibility features met,
    /// inclusive-hiring commitments): a graduate's score is at most the qualification points plus this.
    /// </summary>
    public static int MostExtraPoints(VacancyRecord vacancy)
    {
        ArgumentNullException.ThrowIfNull(vacancy);
        var features = vacancy.AccessibilityFeatures.Distinct(StringComparer.Ordinal).Count();
        return Math.Min(MatchReasons.MaxFeaturePoints, MatchReasons.PointsPerFeatureMet * features)
            + (vacancy.InclusiveHiring.Contains(HardshipPriority, StringComparer.Ordinal) ? MatchReasons.InclusivePoints : 0)
            + (vacancy.InclusiveHiring.Any(DisabilityCommitments.Contains) ? MatchReasons.InclusivePoints : 0);
    }

    /// <summary>GB/T 4658 codes rank by their first digit: 1 postgraduate, 2 undergraduate, 3 junior college, and so on down.</summary>
    public static bool MeetsEducation(string level, string minimum) => level.Length > 0 && minimum.Length > 0 && level[0] <= minimum[0];

    /// <summary>The major group: the first four digits of a major code (discipline and class).</summary>
    public static string MajorGroup(string major) => major.Length >= 4 ? major[..4] : major;

    // Folded as retrieval's bound folds them (trimmed, ASCII letters lower-cased), so that the
    // qualification points are the bound exactly and a lazy ranking may stop reading at it.
    private static bool SameSkill(string a, string b) => string.Equals(RelevanceBound.Fold(a), RelevanceBound.Fold(b), StringComparison.Ordinal);

    private static MatchReason? Major(GraduateRecord graduate, VacancyRecord vacancy)
    {
        if (vacancy.Majors.Count == 0)
            return MatchReasons.MajorOpen();
        var code = graduate.MajorCode;
        if (vacancy.Majors.Any(m => string.Equals(SixDigits(m), SixDigits(code), StringComparison.Ordinal)))
            return MatchReasons.MajorExact(code, graduate.MajorName);
        var group = MajorGroup(code);
        return vacancy.Majors.Any(m => string.Equals(MajorGroup(m), group, StringComparison.Ordinal)) ? MatchReasons.MajorGroup(code, group) : null;
    }

    private static string SixDigits(string major) => major.Length >= 6 ? major[..6] : major;

    private static IEnumerable<MatchReason> Preferences(JobPreferences? preferences, VacancyRecord vacancy)
    {
        if (preferences is null)
            yield break;
        var best = preferences.Regions
            .Select(r => (Region: r, Cover: RegionCodes.Covers(r, vacancy.WorkRegion)))
            .Where(c => c.Cover != RegionCodes.Cover.None)
            .OrderByDescending(c => c.Cover)
            .FirstOrDefault();
        if (best.Region is not null)
        {
            yield return MatchReasons.RegionPreferred(vacancy.WorkRegion, best.Region, best.Cover switch
            {
                RegionCodes.Cover.Exact => MatchReasons.RegionExactPoints,
                RegionCodes.Cover.Prefecture => MatchReasons.RegionPrefecturePoints,
                _ => MatchReasons.RegionProvincePoints,
            });
        }

        if (preferences.MinMonthlyPay is { } expected && (vacancy.PayMax ?? vacancy.PayMin) is { } offered)
            yield return offered >= expected ? MatchReasons.PayMeets(offered, expected) : MatchReasons.PayBelow(offered, expected);
        if (preferences.ContractTypes.Contains(vacancy.ContractType, StringComparer.Ordinal))
            yield return MatchReasons.ContractPreferred(vacancy.ContractType);
        if (preferences.Occupations.FirstOrDefault(o => OccupationUnder(vacancy.OccupationCode, o)) is { } occupation)
            yield return MatchReasons.OccupationPreferred(vacancy.OccupationCode, occupation);
    }

    // 2-02-38-01 falls under 2, 2-02, 2-02-38 and itself.
    private static bool OccupationUnder(string occupation, string preferred) =>
        occupation.StartsWith(preferred, StringComparison.Ordinal) && (occupation.Length == preferred.Length || occupation[preferred.Length] == '-');

    private IEnumerable<MatchReason> Accessibility(GraduateRecord graduate, VacancyRecord vacancy)
    {
        var needs = graduate.AccommodationNeeds.Select(vocabulary.FeatureFor).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var met = needs.Where(n => vacancy.AccessibilityFeatures.Contains(n, StringComparer.Ordinal)).ToList();
        if (met.Count > 0)
            yield return MatchReasons.AccessibilityMet(met, [.. met.Select(vocabulary.Feature)], Math.Min(MatchReasons.MaxFeaturePoints, MatchReasons.PointsPerFeatureMet * met.Count));
        // A need the job meets with its feature (a screen reader offered for visual work) is no conflict.
        foreach (var need in needs.Where(n => !met.Contains(n)))
        {
            foreach (var requirement in AccommodationConflicts.Conflicting(need, vacancy.PhysicalRequirements))
                yield return MatchReasons.AccessibilityConflict(requirement, vocabulary.Requirement(requirement), need, vocabulary.Feature(need));
        }
    }

    private IEnumerable<MatchReason> Inclusive(CandidateProfile candidate, VacancyRecord vacancy, DateOnly day)
    {
        if (candidate.HasHardship(day) && vacancy.InclusiveHiring.Contains(HardshipPriority, StringComparer.Ordinal))
            yield return MatchReasons.InclusiveHardship(HardshipPriority, vocabulary.Inclusive(HardshipPriority));
        if (candidate.HasDisability(day) && vacancy.InclusiveHiring.FirstOrDefault(DisabilityCommitments.Contains) is { } commitment)
            yield return MatchReasons.InclusiveDisability(commitment, vocabulary.Inclusive(commitment));
    }

    private const string HardshipPriority = "hardship-priority";
    private static readonly HashSet<string> DisabilityCommitments = new(StringComparer.Ordinal) { "disability-friendly", "disability-quota" };
}
