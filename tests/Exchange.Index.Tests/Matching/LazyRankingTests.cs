using Exchange.Core.Model;
using Exchange.Index.Matching;
using static Exchange.Index.Tests.Matching.MatchRecords;

namespace Exchange.Index.Tests.Matching;

/// <summary>
/// A vacancy's candidates ranked a share at a time (<see cref="MatchEngine.RankCandidatesAsync{T}"/>)
/// come out in the very order of ranking every candidate at once, while reading only as far as the
/// answer needs. The bounds here are the scorer's qualification points, as retrieval's are
/// (<see cref="RetrievalRelevanceTests"/> holds the SQL to that).
/// </summary>
public sealed class LazyRankingTests
{
    private static readonly MatchEngine Engine = new(new MatchScorer(MatchVocabulary.Shipped), new PolicyEligibilityCheck(MatchVocabulary.Shipped));
    private static readonly IReadOnlyList<CandidateProfile> Population = new PopulationGenerator(20261206).Graduates(1200, 30);

    // Half the vacancies offer accessibility features and inclusive hiring, so that graduates score above their bounds.
    private static readonly IReadOnlyList<VacancyRecord> Vacancies = [.. new PopulationGenerator(20261207).Vacancies(30).Select((v, i) => (i % 3) switch
    {
        0 => v with { AccessibilityFeatures = [], InclusiveHiring = [] },
        1 => v with { AccessibilityFeatures = ["step-free-access", "screen-reader"], InclusiveHiring = ["hardship-priority", "disability-friendly"] },
        _ => v,
    })];

    [Fact]
    public async Task Ranking_a_share_at_a_time_gives_the_order_of_ranking_every_candidate_at_once()
    {
        var withExtraPoints = 0;
        foreach (var vacancy in Vacancies)
        {
            var picked = Picks(vacancy);
            var everyone = Engine.RankCandidates(vacancy, Population, p => p, Population.Count, Today);

            var lazily = await Collect(Engine.RankCandidatesAsync(vacancy, picked, new Reader().ReadAsync, p => p, 7, Today), int.MaxValue);

            Assert.Equal(everyone.Select(r => (r.Item.SubjectKey, r.Score.Points)), lazily.Select(r => (r.Item.SubjectKey, r.Score.Points)));
            if (everyone.Any(r => r.Score.Points > Qualification(r.Item, vacancy)))
                withExtraPoints++;
        }
        Assert.True(withExtraPoints >= Vacancies.Count / 3, $"only {withExtraPoints} vacancies gave anyone points beyond qualifications");
    }

    [Fact]
    public async Task A_caller_who_stops_after_the_first_few_reads_only_part_of_the_candidates()
    {
        var partial = 0;
        foreach (var vacancy in Vacancies)
        {
            var everyone = Engine.RankCandidates(vacancy, Population, p => p, 20, Today);

            var reader = new Reader();

            var lazily = await Collect(Engine.RankCandidatesAsync(vacancy, Picks(vacancy), reader.ReadAsync, p => p, 50, Today), 20);

            Assert.Equal(everyone.Select(r => r.Item.SubjectKey), lazily.Select(r => r.Item.SubjectKey));
            if (reader.Read < Population.Count)
                partial++;
        }
        // Without features or inclusive hiring a vacancy's bound is its score, so its first twenty come from the first reads.
        Assert.True(partial >= Vacancies.Count / 3, $"only {partial} of {Vacancies.Count} vacancies stopped before reading every candidate");
    }

    [Fact]
    public async Task A_candidate_whose_records_are_gone_when_read_is_left_out_and_the_rest_keep_their_order()
    {
        var vacancy = Vacancies[0];
        var gone = Picks(vacancy).Where((_, i) => i % 5 == 2).Select(p => p.SubjectKey).ToHashSet(StringComparer.Ordinal);
        var remaining = Population.Where(p => !gone.Contains(p.SubjectKey)).ToList();
        var everyone = Engine.RankCandidates(vacancy, remaining, p => p, remaining.Count, Today);

        var lazily = await Collect(Engine.RankCandidatesAsync(vacancy, Picks(vacancy),
            (batch, _) => Task.FromResult<IReadOnlyList<CandidateProfile>>([.. batch.Select(p => ByKey[p.SubjectKey]).Where(p => !gone.Contains(p.SubjectKey))]),
            p => p, 10, Today), int.MaxValue);

        Assert.Equal(everyone.Select(r => r.Item.SubjectKey), lazily.Select(r => r.Item.SubjectKey));
    }

    [Fact]
    public void Score_never_exceeds_the_qualification_points_plus_the_vacancys_most_extra_points()
    {
        foreach (var vacancy in Vacancies)
        {
            var extra = MatchScorer.MostExtraPoints(vacancy);
            foreach (var graduate in Population)
            {
                var score = Engine.Scorer.Score(graduate, vacancy, Today).Points;
                Assert.InRange(score - Qualification(graduate, vacancy), 0, extra);
            }
        }
    }

    [Fact]
    public void Skills_count_as_the_relevance_bound_folds_them_ascii_case_and_outer_spaces_only()
    {
        var graduate = Profile(Graduate("G-FOLD") with { Skills = [" python ", "ＥＸＣＥＬ"] });
        var vacancy = Vacancy() with { Skills = ["PYTHON", "ｅｘｃｅｌ"] };

        var skills = Engine.Scorer.Score(graduate, vacancy, Today).Reasons.Single(r => r.Code == "skills-overlap");

        Assert.Equal(["PYTHON"], skills.Values);
    }

    private static List<PickedCandidate> Picks(VacancyRecord vacancy) =>
        [.. Population.Select((p, i) => new PickedCandidate(i, p.SubjectKey, Qualification(p, vacancy)))
            .OrderByDescending(p => p.Bound).ThenBy(p => p.SubjectKey, StringComparer.Ordinal)];

    private static readonly Dictionary<string, CandidateProfile> ByKey = Population.ToDictionary(p => p.SubjectKey, StringComparer.Ordinal);

    private static int Qualification(CandidateProfile candidate, VacancyRecord vacancy) =>
        Engine.Scorer.Score(candidate, vacancy, Today).Reasons.Where(r => MatchScorer.IsQualification(r.Code)).Sum(r => r.Points);

    private static async Task<List<Ranked<CandidateProfile>>> Collect(IAsyncEnumerable<Ranked<CandidateProfile>> ranking, int take)
    {
        var ranked = new List<Ranked<CandidateProfile>>();
        await foreach (var item in ranking)
        {
            ranked.Add(item);
            if (ranked.Count == take)
                break;
        }
        return ranked;
    }

    /// <summary>Reads picked graduates from the population and counts how many it was asked for.</summary>
    private sealed class Reader
    {
        public int Read { get; private set; }

        public Task<IReadOnlyList<CandidateProfile>> ReadAsync(IReadOnlyList<PickedCandidate> batch, CancellationToken cancellationToken)
        {
            Read += batch.Count;
            return Task.FromResult<IReadOnlyList<CandidateProfile>>([.. batch.Select(p => ByKey[p.SubjectKey])]);
        }
    }
}
