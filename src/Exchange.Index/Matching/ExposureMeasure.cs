namespace Exchange.Index.Matching;

/// <summary>One graduate's place in the exposure measure: disadvantaged or not, and the qualification stratum.</summary>
/// <param name="SubjectKey">The graduate.</param>
/// <param name="Disadvantaged">Hardship or disability, as <see cref="CandidateProfile.IsDisadvantaged"/> says.</param>
public sealed record ExposureSubject(string SubjectKey, bool Disadvantaged);

/// <summary>
/// The four-fifths rule on top-10 exposure, defined precisely:
/// <list type="bullet">
/// <item><b>Equally qualified</b> — for one vacancy, two graduates whose qualification points
/// (<see cref="MatchScore.QualificationPoints"/>: skills, education, major, region, pay, contract and
/// occupation preferences; nothing about hardship, disability, sex or origin) are equal. Each
/// (vacancy, qualification points) pair is a stratum.</item>
/// <item><b>Exposure</b> — a graduate is exposed for a vacancy when ranked among its top 10 (score,
/// then the tie-break key). A group's exposure rate in a stratum is the share of its members
/// there who are exposed.</item>
/// <item><b>Ratio</b> — over the strata holding both groups, the disadvantaged graduates' exposures
/// divided by the exposures they would have had at the others' rate in each stratum:
/// Σ exposed_D / Σ (n_D × rate_N). At least 0.8 passes; above 1 means they are shown more.</item>
/// </list>
/// Strata where the others were never exposed carry no information about a shortfall and are left out.
/// </summary>
public static class ExposureMeasure
{
    public const int TopK = 10;

    /// <summary>The ratio over many vacancies' rankings; each ranking lists every retrieved graduate, best first.</summary>
    public static double Ratio(IEnumerable<IReadOnlyList<(ExposureSubject Subject, MatchScore Score)>> rankings)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        double observed = 0, expected = 0;
        foreach (var ranking in rankings)
        {
            var exposed = ranking.Take(TopK).Select(r => r.Subject.SubjectKey).ToHashSet(StringComparer.Ordinal);
            foreach (var stratum in ranking.GroupBy(r => r.Score.QualificationPoints))
            {
                var disadvantaged = stratum.Where(r => r.Subject.Disadvantaged).ToList();
                var others = stratum.Where(r => !r.Subject.Disadvantaged).ToList();
                if (disadvantaged.Count == 0 || others.Count == 0)
                    continue;
                var otherRate = others.Count(r => exposed.Contains(r.Subject.SubjectKey)) / (double)others.Count;
                if (otherRate == 0)
                    continue;
                observed += disadvantaged.Count(r => exposed.Contains(r.Subject.SubjectKey));
                expected += disadvantaged.Count * otherRate;
            }
        }
        return expected == 0 ? double.NaN : observed / expected;
    }
}
