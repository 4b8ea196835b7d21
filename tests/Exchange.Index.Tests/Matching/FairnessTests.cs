using Exchange.Core.Model;
using Exchange.Index.Matching;
using Xunit.Abstractions;
using static Exchange.Index.Tests.Matching.MatchRecords;

namespace Exchange.Index.Tests.Matching;

/// <summary>
/// The three fairness rules of the match (docs/read-api.md, "Match"), each over a generated
/// population with a fixed seed: counterfactual, accessibility and exposure.
/// </summary>
public sealed class FairnessTests(ITestOutputHelper output)
{
    private const int Seed = 20260615;
    private static readonly MatchEngine Engine = new(new MatchScorer(MatchVocabulary.Shipped), new PolicyEligibilityCheck(MatchVocabulary.Shipped));

    private static readonly IReadOnlyList<CandidateProfile> Population = new PopulationGenerator(Seed).Graduates(1500, 60);
    private static readonly IReadOnlyList<VacancyRecord> Vacancies = new PopulationGenerator(Seed + 1).Vacancies(40);

    /// <summary>The changes to a graduate's protected status: each keeps every qualification as it was.</summary>
    private static IEnumerable<(string Name, CandidateProfile Changed, bool MustBeEqual)> Flips(CandidateProfile subject)
    {
        var g = subject.Graduate;
        yield return ("sex", subject with { Graduate = g with { Sex = g.Sex == "1" ? "2" : "1" } }, true);
        yield return ("origin region", subject with { Graduate = g with { OriginRegion = g.OriginRegion == "530102" ? "410102" : "530102" } }, true);
        yield return ("hardship flag added", subject with { Graduate = g with { HardshipFlags = [.. g.HardshipFlags, "zero-employment-family"] } }, false);
        yield return ("hardship certified", subject with { Certifications = [.. subject.Certifications, Certification("minimum-living-allowance", "FLIP-H")] }, false);
        yield return ("disability certified", subject with { Certifications = [.. subject.Certifications, Certification("disability", "FLIP-D")] }, false);
        yield return ("accommodation needs added", subject with { Graduate = g with { AccommodationNeeds = [.. g.AccommodationNeeds, "step-free-access", "screen-reader", "sign-language"] } }, false);
        yield return ("every protected status removed", subject with { Graduate = g with { HardshipFlags = [], AccommodationNeeds = [] }, Certifications = [] }, false);
    }

    [Fact]
    public void Counterfactual_gaining_a_protected_status_never_lowers_a_graduates_score_or_rank_and_sex_or_origin_change_nothing()
    {
        var violations = new List<string>();
        var checkedPairs = 0;
        foreach (var vacancy in Vacancies)
        {
            var ranking = Engine.RankCandidates(vacancy, Population, p => p, Population.Count, Today);
            var rank = ranking.Select((r, i) => (r.Item.SubjectKey, i)).ToDictionary(r => r.SubjectKey, r => r.i, StringComparer.Ordinal);
            foreach (var entry in ranking)
            {
                foreach (var (name, changed, mustBeEqual) in Flips(entry.Item))
                {
                    checkedPairs++;
                    // "Every protected status removed" runs the other way: the original must score at least as well as the stripped one.
                    var stripped = name.StartsWith("every", StringComparison.Ordinal);
                    var (before, after) = stripped ? (Engine.Scorer.Score(changed, vacancy, Today), entry.Score) : (entry.Score, Engine.Scorer.Score(changed, vacancy, Today));
                    if (mustBeEqual ? after.Points != before.Points : after.Points < before.Points)
                        violations.Add($"{entry.Item.SubjectKey} × {vacancy.RecordId}, {name}: {before.Points} → {after.Points}");
                    if (!stripped)
                    {
                        var newRank = RankAmongOthers(ranking, entry.Item.SubjectKey, rank[entry.Item.SubjectKey], after.Points);
                        if (newRank > rank[entry.Item.SubjectKey])
                            violations.Add($"{entry.Item.SubjectKey} × {vacancy.RecordId}, {name}: rank {rank[entry.Item.SubjectKey]} → {newRank}");
                    }
                }
            }
        }

        output.WriteLine($"{checkedPairs} flips over {Population.Count} graduates × {Vacancies.Count} vacancies; {violations.Count} violations");
        Assert.True(checkedPairs >= Population.Count * Vacancies.Count * 7, "the flips did not cover every graduate");
        Assert.Empty(violations);
    }

    // Where a graduate with these points would stand among the others of a ranking (best first: points, then key).
    private static int RankAmongOthers(IReadOnlyList<Ranked<CandidateProfile>> ranking, string subjectKey, int own, int points)
    {
        int low = 0, high = ranking.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            var other = ranking[middle];
            var ahead = other.Score.Points > points || (other.Score.Points == points && string.CompareOrdinal(other.Item.SubjectKey, subjectKey) < 0);
            if (ahead)
                low = middle + 1;
            else
                high = middle;
        }
        // The graduate's own old entry is among those ahead when it scored more or the same.
        return own < low ? low - 1 : low;
    }

    [Fact]
    public void Accessibility_never_removes_a_graduate_from_an_employers_list_and_raises_an_accessible_job_for_one_who_needs_it()
    {
        var needing = Population.Where(p => p.Graduate.AccommodationNeeds.Count > 0).ToList();
        Assert.True(needing.Count > 50, $"only {needing.Count} graduates with accommodation needs");
        var conflictsExplained = 0;
        foreach (var vacancy in Vacancies)
        {
            var ranking = Engine.RankCandidates(vacancy, Population, p => p, Population.Count, Today);
            Assert.Equal(Population.Count, ranking.Count);
            foreach (var entry in ranking.Where(r => r.Item.Graduate.AccommodationNeeds.Count > 0))
            {
                var without = Engine.Scorer.Score(entry.Item with { Graduate = entry.Item.Graduate with { AccommodationNeeds = [] } }, vacancy, Today);
                Assert.True(entry.Score.Points >= without.Points, $"{entry.Item.SubjectKey} × {vacancy.RecordId}: needs lowered {without.Points} → {entry.Score.Points}");
                conflictsExplained += entry.Score.Reasons.Count(r => r.Code == "accessibility-conflict");
            }
        }
        Assert.True(conflictsExplained > 0, "the population never met a conflict: the rule was not exercised");

        // The same job with and without the feature a graduate needs: the accessible one ranks higher in the graduate's list.
        var raised = 0;
        foreach (var subject in needing)
        {
            var need = MatchVocabulary.Shipped.FeatureFor(subject.Graduate.AccommodationNeeds[0])!;
            var plain = new StoredVacancy("914403001922038216", "PLAIN", Vacancy("PLAIN") with { AccessibilityFeatures = [] });
            var accessible = new StoredVacancy("914403001922038216", "ZZ-ACCESSIBLE", Vacancy("ZZ-ACCESSIBLE") with { AccessibilityFeatures = [need] });
            var ranked = Engine.RankVacancies(subject, [plain, accessible], 2, Today);
            Assert.Equal("ZZ-ACCESSIBLE", ranked[0].Item.RecordId);
            raised++;
        }
        Assert.Equal(needing.Count, raised);
    }

    [Fact]
    public void Exposure_of_disadvantaged_graduates_in_the_top_10_is_at_least_four_fifths_of_equally_qualified_others()
    {
        var disadvantaged = Population.Count(p => p.IsDisadvantaged(Today));
        Assert.InRange(disadvantaged, Population.Count / 5, Population.Count * 4 / 5);
        var rankings = Vacancies.Select(v => (IReadOnlyList<(ExposureSubject, MatchScore)>)Engine.RankCandidates(v, Population, p => p, Population.Count, Today)
            .Select(r => (new ExposureSubject(r.Item.SubjectKey, r.Item.IsDisadvantaged(Today)), r.Score)).ToList());

        var ratio = ExposureMeasure.Ratio(rankings);

        output.WriteLine($"top-{ExposureMeasure.TopK} exposure ratio, disadvantaged to equally qualified others: {ratio:F3} ({disadvantaged} of {Population.Count} disadvantaged)");
        Assert.False(double.IsNaN(ratio), "no stratum held both groups with exposure: the population does not test the rule");
        Assert.True(ratio >= 0.8, $"exposure ratio {ratio:F3} < 0.8");
    }

    [Fact]
    public void The_exposure_measure_flags_a_ranking_that_buries_disadvantaged_graduates()
    {
        // Twenty equally qualified graduates, the ten disadvantaged ranked last: none of them is exposed.
        var ranking = Enumerable.Range(0, 20)
            .Select(i => (new ExposureSubject($"s{i:D2}", Disadvantaged: i >= 10), new MatchScore(30, [MatchReasons.EducationOpen(), MatchReasons.RegionPreferred("410102", "410100", 20)])))
            .ToList();
        Assert.Equal(0, ExposureMeasure.Ratio([ranking]));
        var interleaved = ranking.Select((r, i) => (new ExposureSubject(r.Item1.SubjectKey, Disadvantaged: i % 2 == 0), r.Item2)).ToList();
        Assert.Equal(1.0, ExposureMeasure.Ratio([interleaved]), 6);
    }
}
