using Exchange.Core.Model;
using Exchange.Index.Matching;
using Exchange.Index.Tests.Merging;
using Exchange.Testing;
using static Exchange.Index.Tests.Matching.MatchRecords;

namespace Exchange.Index.Tests.Matching;

/// <summary>
/// Retrieval hands the engine at most a cap of graduates or vacancies. When more pass the prefilter
/// than the cap, the ones handed over must be the best qualified, not the lowest subject ids or the
/// senders whose names sort first; and equally qualified ones at the cap must not always be the same.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RetrievalRelevanceTests(PostgresFixture postgres)
{
    private const int Cap = 10;
    private static readonly MatchEngine Engine = new(new MatchScorer(MatchVocabulary.Shipped), new PolicyEligibilityCheck(MatchVocabulary.Shipped));

    [Fact]
    public async Task A_vacancy_reaches_its_best_qualified_graduates_when_more_than_the_cap_with_lower_subject_ids_pass_the_prefilter()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        // 25 graduates who pass the prefilter (level, province) but share neither skill nor major class with the job, written first.
        for (var i = 0; i < 25; i++)
            await MatchIndex.GraduateAsync(database, $"weak-{i:D2}", Graduate($"W-{i:D2}") with { Skills = ["驾驶"], MajorCode = "050201", MajorName = "英语" });
        // Then the 5 whose skills and major are the job's: the highest subject ids.
        for (var i = 0; i < 5; i++)
            await MatchIndex.GraduateAsync(database, $"strong-{i}", Graduate($"S-{i}"));
        var retrieval = new MatchRetrieval(database, Cap);

        var candidates = await retrieval.CandidatesForAsync(Vacancy(), TestTimeout.Token());
        var top = Engine.RankCandidates(Vacancy(), candidates, c => c.Profile, 5, Today);

        Assert.Equal(Cap, candidates.Count);
        Assert.Equal(["strong-0", "strong-1", "strong-2", "strong-3", "strong-4"], top.Select(r => r.Item.Profile.SubjectKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_graduate_reaches_the_best_vacancies_when_they_come_from_the_sender_that_sorts_last()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        // 25 open jobs the graduate passes the prefilter for, from the sender that sorts first, with nothing the graduate has.
        for (var i = 0; i < 25; i++)
        {
            await MatchIndex.VacancyAsync(database, "911100000000000001", Vacancy($"W-{i:D2}") with
            {
                Skills = ["驾驶"], Majors = ["050201"], ContractType = "fixed-term", OccupationCode = "6-28-01-01", WorkRegion = "410305",
            });
        }
        // 5 that fit the graduate, from the sender that sorts last.
        for (var i = 0; i < 5; i++)
            await MatchIndex.VacancyAsync(database, "919900000000000009", Vacancy($"S-{i}"));
        var retrieval = new MatchRetrieval(database, Cap);

        var vacancies = await retrieval.VacanciesForAsync(Graduate(), Today, TestTimeout.Token());
        var top = Engine.RankVacancies(Profile(Graduate()), vacancies, 5, Today);

        Assert.Equal(Cap, vacancies.Count);
        Assert.All(top, r => Assert.Equal("919900000000000009", r.Item.SourceOrganisation));
        Assert.Equal(5, top.Count);
    }

    [Fact]
    public async Task Equally_qualified_graduates_at_the_cap_are_chosen_per_vacancy_not_always_the_lowest_subject_ids()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        for (var i = 0; i < 40; i++)
            await MatchIndex.GraduateAsync(database, $"same-{i:D2}", Graduate($"G-{i:D2}"));
        var retrieval = new MatchRetrieval(database, Cap);

        var forFirst = await KeysAsync(retrieval, Vacancy("V-A"));
        var forFirstAgain = await KeysAsync(retrieval, Vacancy("V-A"));
        var forSecond = await KeysAsync(retrieval, Vacancy("V-B"));

        Assert.Equal(Cap, forFirst.Count);
        Assert.Equal(forFirst, forFirstAgain);
        Assert.NotEqual(forFirst, forSecond);
    }

    [Fact]
    public async Task Protected_attributes_never_change_which_graduates_retrieval_hands_over()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var vacancy = Vacancy() with { InclusiveHiring = ["hardship-priority", "disability-friendly"], AccessibilityFeatures = ["step-free-access"] };
        var subjects = new List<(long Subject, GraduateRecord Graduate)>();
        for (var i = 0; i < 30; i++)
        {
            var graduate = Graduate($"G-{i:D2}") with { Skills = i % 3 == 0 ? ["Java"] : ["Java", "SQL"] };
            subjects.Add((await MatchIndex.GraduateAsync(database, $"subject-{i:D2}", graduate), graduate));
        }
        var retrieval = new MatchRetrieval(database, Cap);
        var before = await KeysAsync(retrieval, vacancy);

        // Every graduate's protected status changes, their qualifications stay: sex, origin, hardship, disability, needs.
        foreach (var (subject, graduate) in subjects)
        {
            var changed = graduate with
            {
                Sex = "1", OriginRegion = "530102", HardshipFlags = ["zero-employment-family"], AccommodationNeeds = ["step-free-access", "screen-reader"],
            };
            await MatchIndex.UpdateGraduateAsync(database, subject, changed, Certification("disability", $"D-{subject}"), Certification("minimum-living-allowance", $"H-{subject}"));
        }
        var after = await KeysAsync(retrieval, vacancy);

        Assert.Equal(Cap, before.Count);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task The_graduates_within_the_cap_have_at_least_the_qualification_points_of_every_graduate_left_out()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var population = new PopulationGenerator(20260615).Graduates(300, 40);
        foreach (var subject in population)
            await MatchIndex.GraduateAsync(database, subject.SubjectKey, subject.Graduate, [.. subject.Certifications]);
        // Every other job lists five skills nobody has first, so that the skills that count come past the fifth.
        var vacancies = new PopulationGenerator(20260616).Vacancies(12)
            .Select((v, i) => i % 2 == 0 ? v : v with { Skills = ["Fortran", "COBOL", "焊接", "钳工", "Rust", .. v.Skills] }).ToList();
        var everyone = new MatchRetrieval(database, 10_000);
        var capped = new MatchRetrieval(database, 25);
        var compared = 0;

        foreach (var vacancy in vacancies)
        {
            var passed = await everyone.CandidatesForAsync(vacancy, TestTimeout.Token());
            var kept = (await capped.CandidatesForAsync(vacancy, TestTimeout.Token())).Select(c => c.Profile.SubjectKey).ToHashSet(StringComparer.Ordinal);
            var points = passed.ToDictionary(c => c.Profile.SubjectKey, c => Qualification(c.Profile, vacancy), StringComparer.Ordinal);

            Assert.Equal(Math.Min(25, passed.Count), kept.Count);
            Assert.Subset(points.Keys.ToHashSet(StringComparer.Ordinal), kept);
            if (kept.Count < passed.Count)
            {
                var lowestKept = kept.Min(k => points[k]);
                var highestLeft = points.Where(p => !kept.Contains(p.Key)).Max(p => p.Value);
                Assert.True(lowestKept >= highestLeft, $"{vacancy.RecordId}: kept one with {lowestKept} points, left out one with {highestLeft}");
                compared++;
            }
            // The uncapped retrieval lists subjects best bound first: the bound orders as the scorer's qualification points do.
            var order = passed.Select(c => points[c.Profile.SubjectKey]).ToList();
            Assert.Equal(order.OrderDescending(), order);
        }
        Assert.True(compared >= vacancies.Count / 2, $"only {compared} vacancies had more candidates than the cap");
    }

    [Fact]
    public async Task A_picked_graduates_bound_is_its_qualification_points_exactly_and_picks_come_best_bound_first_then_by_subject_key()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var population = new PopulationGenerator(20261208).Graduates(200, 30);
        foreach (var subject in population)
            await MatchIndex.GraduateAsync(database, subject.SubjectKey, subject.Graduate, [.. subject.Certifications]);
        // Skills past the fifth, and skills in other ASCII case or with spaces around them, count as the scorer counts them.
        var vacancies = new PopulationGenerator(20261209).Vacancies(10)
            .Select((v, i) => (i % 3) switch
            {
                0 => v,
                1 => v with { Skills = ["Fortran", "COBOL", "焊接", "钳工", "Rust", .. v.Skills] },
                _ => v with { Skills = [.. v.Skills.Select(s => " " + s.ToUpperInvariant() + " ")] },
            }).ToList();
        var retrieval = new MatchRetrieval(database, 10_000);

        foreach (var vacancy in vacancies)
        {
            var picked = await retrieval.PickCandidatesAsync(vacancy, TestTimeout.Token());
            var read = (await retrieval.ReadCandidatesAsync(picked, TestTimeout.Token())).ToDictionary(c => c.Profile.SubjectKey, StringComparer.Ordinal);

            Assert.True(picked.Count > 20, $"{vacancy.RecordId}: only {picked.Count} graduates picked");
            Assert.Equal(picked.Select(p => p.SubjectKey).Order(StringComparer.Ordinal), read.Keys.Order(StringComparer.Ordinal));
            Assert.All(picked, p => Assert.Equal(Qualification(read[p.SubjectKey].Profile, vacancy), p.Bound));
            Assert.Equal(picked.OrderByDescending(p => p.Bound).ThenBy(p => p.SubjectKey, StringComparer.Ordinal), picked);
        }
    }

    [Fact]
    public async Task The_vacancies_within_the_cap_have_at_least_the_qualification_points_of_every_vacancy_left_out()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var vacancies = new PopulationGenerator(20260617).Vacancies(150);
        for (var i = 0; i < vacancies.Count; i++)
            await MatchIndex.VacancyAsync(database, $"9111000000000000{i % 7:D2}", vacancies[i] with { Skills = [.. vacancies[i].Skills.Select(s => i % 2 == 0 ? s.ToUpperInvariant() : s)] });
        var graduates = new PopulationGenerator(20260618).Graduates(12, 12);
        var everyone = new MatchRetrieval(database, 10_000);
        var capped = new MatchRetrieval(database, 20);
        var compared = 0;

        foreach (var graduate in graduates)
        {
            var passed = await everyone.VacanciesForAsync(graduate.Graduate, Today, TestTimeout.Token());
            var kept = (await capped.VacanciesForAsync(graduate.Graduate, Today, TestTimeout.Token())).Select(v => v.RecordId).ToHashSet(StringComparer.Ordinal);
            var points = passed.ToDictionary(v => v.RecordId, v => Qualification(graduate, v.Record), StringComparer.Ordinal);

            Assert.Equal(Math.Min(20, passed.Count), kept.Count);
            if (kept.Count < passed.Count)
            {
                var lowestKept = kept.Min(k => points[k]);
                var highestLeft = points.Where(p => !kept.Contains(p.Key)).Max(p => p.Value);
                Assert.True(lowestKept >= highestLeft, $"{graduate.SubjectKey}: kept one with {lowestKept} points, left out one with {highestLeft}");
                compared++;
            }
            var order = passed.Select(v => points[v.RecordId]).ToList();
            Assert.Equal(order.OrderDescending(), order);
        }
        Assert.True(compared >= graduates.Count / 2, $"only {compared} graduates had more vacancies than the cap");
    }

    private static int Qualification(CandidateProfile candidate, VacancyRecord vacancy) =>
        Engine.Scorer.Score(candidate, vacancy, Today).Reasons.Where(r => MatchScorer.IsQualification(r.Code)).Sum(r => r.Points);

    private static async Task<List<string>> KeysAsync(MatchRetrieval retrieval, VacancyRecord vacancy) =>
        [.. (await retrieval.CandidatesForAsync(vacancy, TestTimeout.Token())).Select(c => c.Profile.SubjectKey).Order(StringComparer.Ordinal)];
}
