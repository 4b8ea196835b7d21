namespace Exchange.Index.Matching;

/// <summary>
/// Ranks what retrieval found: every candidate is scored and offered to a bounded heap of the
/// requested size. Nobody is filtered out on a score: the best <c>limit</c> are kept whoever they are.
/// </summary>
public sealed class MatchEngine(MatchScorer scorer, PolicyEligibilityCheck policies)
{
    public MatchScorer Scorer => scorer;

    public PolicyEligibilityCheck Policies => policies;

    /// <summary>The best <paramref name="limit"/> graduates for a vacancy; equal scores in subject-key order.</summary>
    public IReadOnlyList<Ranked<T>> RankCandidates<T>(Core.Model.VacancyRecord vacancy, IEnumerable<T> candidates, Func<T, CandidateProfile> profile, int limit, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(profile);
        var top = new TopMatches<T>(limit);
        foreach (var candidate in candidates)
        {
            var subject = profile(candidate);
            top.Offer(candidate, scorer.Score(subject, vacancy, day), subject.SubjectKey);
        }
        return top.Best();
    }

    /// <summary>The best <paramref name="limit"/> vacancies for a graduate; equal scores in (organisation, record id) order.</summary>
    public IReadOnlyList<Ranked<StoredVacancy>> RankVacancies(CandidateProfile candidate, IEnumerable<StoredVacancy> vacancies, int limit, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(vacancies);
        var top = new TopMatches<StoredVacancy>(limit);
        foreach (var vacancy in vacancies)
            top.Offer(vacancy, scorer.Score(candidate, vacancy.Record, day), vacancy.SourceOrganisation + "\n" + vacancy.RecordId);
        return top.Best();
    }
}
