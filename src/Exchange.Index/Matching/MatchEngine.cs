using System.Runtime.CompilerServices;

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

    /// <summary>
    /// The picked graduates best first, read and scored a share at a time: a candidate is handed on
    /// as soon as no graduate still unread can rank above it, so a caller who stops after the first
    /// few reads few records. The order is that of <see cref="RankCandidates{T}"/> over every picked
    /// graduate, provided each pick's bound is its qualification points (the scorer folds skills as
    /// the bound does so that it is): an unread graduate scores at most its bound plus the vacancy's
    /// <see cref="MatchScorer.MostExtraPoints"/>, and <paramref name="picked"/> lists bounds best first,
    /// equal bounds in subject-key order.
    /// </summary>
    /// <param name="vacancy">The vacancy the graduates are ranked for.</param>
    /// <param name="picked">The graduates retrieval picked, best bound first, equal bounds in subject-key order.</param>
    /// <param name="read">Reads the records of some picked graduates; a graduate it leaves out is not ranked.</param>
    /// <param name="profile">The profile of a graduate read; its subject key is the pick's.</param>
    /// <param name="firstRead">How many graduates the first read takes; each later read takes twice the last, up to <see cref="MostPerRead"/>, and each reads on to the end of the band of bounds that could still rank above its last.</param>
    /// <param name="day">The day certifications are judged on.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    public async IAsyncEnumerable<Ranked<T>> RankCandidatesAsync<T>(Core.Model.VacancyRecord vacancy, IReadOnlyList<PickedCandidate> picked,
        Func<IReadOnlyList<PickedCandidate>, CancellationToken, Task<IReadOnlyList<T>>> read, Func<T, CandidateProfile> profile, int firstRead, DateOnly day,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vacancy);
        ArgumentNullException.ThrowIfNull(picked);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstRead, 1);
        var extra = MatchScorer.MostExtraPoints(vacancy);
        var scored = new PriorityQueue<Ranked<T>, Ranked<T>>(TopMatches<T>.BestFirst);
        var next = 0;
        var share = firstRead;
        while (next < picked.Count || scored.Count > 0)
        {
            if (next < picked.Count)
            {
                var batch = picked.Skip(next).Take(ThroughBand(picked, next, share, extra)).ToList();
                next += batch.Count;
                share = Math.Min(MostPerRead, share * 2);
                foreach (var candidate in await read(batch, cancellationToken))
                {
                    var subject = profile(candidate);
                    var ranked = new Ranked<T>(candidate, scorer.Score(subject, vacancy, day), subject.SubjectKey);
                    scored.Enqueue(ranked, ranked);
                }
            }
            var unread = next < picked.Count ? picked[next] : null;
            while (scored.TryPeek(out var best, out _) && (unread is null || RanksAboveEveryUnread(best, unread, extra)))
                yield return scored.Dequeue();
        }
    }

    /// <summary>The most graduates <see cref="RankCandidatesAsync{T}"/> reads at once, unless one band of bounds holds more.</summary>
    public const int MostPerRead = 1_000;

    // How many to read from next on: the share, and when the vacancy gives points beyond
    // qualifications, every graduate whose bound plus those points reaches the share's last bound,
    // since none of the share can be handed on before they are read.
    private static int ThroughBand(IReadOnlyList<PickedCandidate> picked, int next, int share, int extra)
    {
        var end = Math.Min(picked.Count, next + share);
        if (extra == 0 || end == picked.Count)
            return end - next;
        var lastBound = picked[end - 1].Bound;
        while (end < picked.Count && picked[end].Bound + extra >= lastBound)
            end++;
        return end - next;
    }

    // Every unread graduate scores at most its bound plus the extra, and the first unread has the
    // highest bound of them; at that very score only a graduate of the same bound, whose key is
    // not below the first unread one's, could tie.
    private static bool RanksAboveEveryUnread<T>(Ranked<T> best, PickedCandidate firstUnread, int extra)
    {
        var ceiling = firstUnread.Bound + extra;
        return best.Score.Points > ceiling
            || (best.Score.Points == ceiling && string.CompareOrdinal(best.TieBreak, firstUnread.SubjectKey) < 0);
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
