using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Enforcement;
using Exchange.Index.Matching;
using Exchange.Index.Queries;

namespace Exchange.Hub.Matching;

/// <summary>
/// One match from request to answer: retrieval finds, the engine scores and ranks, and the release
/// service judges every candidate and masks every reason before anything is put in an answer. A
/// graduate read by their own university (by record id) is the graduate's own data, audited by
/// <see cref="SubjectOwnAccess"/> and shown whole.
/// </summary>
internal sealed class MatchService(MatchRetrieval retrieval, MatchEngine engine, ReleaseService release, SubjectOwnAccess ownAccess,
    IHandleDirectory directory, TimeProvider clock)
{
    /// <summary>Ranked candidates for a vacancy, or null when there is no such vacancy or the caller may not match for it.</summary>
    public async Task<VacancyMatchResponse?> CandidatesAsync(ClientIdentity caller, Purpose purpose, VacancyReference reference, int limit, string action,
        CancellationToken cancellationToken)
    {
        var vacancy = await retrieval.VacancyAsync(reference.SourceOrganisation!, reference.RecordId!, cancellationToken);
        if (vacancy is null || !MayMatchFor(caller, vacancy))
            return null;
        var now = clock.GetUtcNow();
        var picked = await retrieval.PickCandidatesAsync(vacancy.Record, cancellationToken);
        var ranked = engine.RankCandidatesAsync(vacancy.Record, picked, retrieval.ReadCandidatesAsync, c => c.Profile, FirstRead(limit), Day(now), cancellationToken);

        // Judged a page at a time, best first, until the answer is full: a candidate the caller may
        // not see is skipped, and nobody past the last one shown is decided, audited or even read.
        var answer = new List<CandidateMatch>();
        var page = new List<Ranked<StoredCandidate>>();
        await using var next = ranked.GetAsyncEnumerator(cancellationToken);
        var more = true;
        while (answer.Count < limit)
        {
            while (more && page.Count < limit && (more = await next.MoveNextAsync()))
                page.Add(next.Current);
            if (page.Count == 0)
                break;
            var released = await release.ReleaseSubjectsAsync(new SubjectBatchRequest(caller, purpose, null, action, now) { ReleaseAtMost = limit - answer.Count },
                [.. page.Select(r => new SubjectInBatch(r.Item.Profile.SubjectKey, [.. r.Item.Records.Select(ToRelease)], [.. r.Score.Reasons.Select(ReasonNotes.Note)]))],
                cancellationToken);
            for (var i = 0; i < released.Count; i++)
            {
                if (released[i] is { } subject)
                    answer.Add(new CandidateMatch(answer.Count + 1, subject.Handle, page[i].Score.Points, ReasonNotes.Fold(subject.Notes), subject.Document));
            }
            page.RemoveRange(0, released.Count);
        }
        return new VacancyMatchResponse(new VacancyReference(vacancy.SourceOrganisation, vacancy.RecordId), answer);
    }

    /// <summary>Ranked vacancies and eligible programmes for a graduate, or null when the caller cannot name this graduate.</summary>
    public async Task<GraduateMatchResponse?> VacanciesAsync(ClientIdentity caller, Purpose purpose, GraduateReference reference, int limit, string action,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (reference.RecordId is { } recordId)
        {
            var own = await OwnGraduateAsync(caller, recordId, action, now, cancellationToken);
            if (own is null)
                return null;
            var (vacancies, policies) = await ScoreAsync(own.Profile, limit, Day(now), cancellationToken);
            return new GraduateMatchResponse(reference,
                [.. vacancies.Select((v, i) => new VacancyMatch(i + 1, Summary(v.Item), v.Score.Points, [.. v.Score.Reasons.Select(ReasonNotes.ToDto)]))],
                [.. policies.Select(p => PolicyMatch(p, [.. p.Reasons.Select(ReasonNotes.ToDto)]))]);
        }

        var subjectKey = await directory.ResolveAsync(caller.Organisation, reference.Handle!, cancellationToken);
        if (subjectKey is null)
            return null;
        var candidate = await retrieval.CandidateAsync(subjectKey, cancellationToken);
        var records = candidate?.Records.Select(ToRelease).ToList() ?? [];
        var (ranked, eligible) = candidate is null ? ([], []) : await ScoreAsync(candidate.Profile, limit, Day(now), cancellationToken);

        // Every reason and programme is a note on the one subject, masked by what the caller was released of it.
        var notes = new List<GuardedNote>();
        foreach (var vacancy in ranked)
            notes.AddRange(vacancy.Score.Reasons.Select(ReasonNotes.Note));
        foreach (var policy in eligible)
        {
            notes.Add(ReasonNotes.Policy(PolicyMatch(policy, [])));
            notes.AddRange(policy.Reasons.Select(ReasonNotes.PolicyReason));
        }
        var released = (await release.ReleaseSubjectsAsync(new SubjectBatchRequest(caller, purpose, null, action, now),
            [new SubjectInBatch(subjectKey, records, notes)], cancellationToken))[0];
        if (released is null)
            return null;

        var shown = released.Notes;
        var at = 0;
        var vacancyMatches = new List<VacancyMatch>();
        foreach (var vacancy in ranked)
        {
            var reasons = ReasonNotes.Fold(shown.Skip(at).Take(vacancy.Score.Reasons.Count));
            at += vacancy.Score.Reasons.Count;
            vacancyMatches.Add(new VacancyMatch(vacancyMatches.Count + 1, Summary(vacancy.Item), vacancy.Score.Points, reasons));
        }
        var policyMatches = new List<PolicyMatch>();
        foreach (var policy in eligible)
        {
            var entry = shown[at];
            var reasons = ReasonNotes.Fold(shown.Skip(at + 1).Take(policy.Reasons.Count));
            at += 1 + policy.Reasons.Count;
            if (entry is not null)
                policyMatches.Add(PolicyMatch(policy, reasons));
        }
        return new GraduateMatchResponse(new GraduateReference(released.Handle, null), vacancyMatches, policyMatches);
    }

    /// <summary>Why a vacancy suits one of the caller university's graduates, or null when either is unknown to it.</summary>
    public async Task<MatchExplanation?> ExplainAsync(ClientIdentity caller, string recordId, VacancyReference reference, string action, CancellationToken cancellationToken)
    {
        var vacancy = await retrieval.VacancyAsync(reference.SourceOrganisation!, reference.RecordId!, cancellationToken);
        if (vacancy is null)
            return null;
        var now = clock.GetUtcNow();
        var own = await OwnGraduateAsync(caller, recordId, action, now, cancellationToken);
        if (own is null)
            return null;
        var score = engine.Scorer.Score(own.Profile, vacancy.Record, Day(now));
        return new MatchExplanation(new GraduateReference(null, recordId), Summary(vacancy), score.Points, [.. score.Reasons.Select(ReasonNotes.ToDto)]);
    }

    /// <summary>
    /// The graduate's own recommendations, read on the graduate's behalf by the university that
    /// vouched for them at sign-in: the subject's own access, audited by <see cref="SubjectOwnAccess"/>,
    /// every reason shown whole. Empty when the index holds no graduate record of the subject.
    /// </summary>
    public async Task<OwnRecommendations> OwnRecommendationsAsync(ClientIdentity university, string subjectKey, int limit, string action,
        CancellationToken cancellationToken)
    {
        var candidate = await retrieval.CandidateAsync(subjectKey, cancellationToken);
        if (candidate is null)
            return OwnRecommendations.None;
        var now = clock.GetUtcNow();
        await ownAccess.ReleaseAsync(university, subjectKey, [.. candidate.Records.Select(ToRelease)], action, now, cancellationToken);
        var (vacancies, policies) = await ScoreAsync(candidate.Profile, limit, Day(now), cancellationToken);
        return new OwnRecommendations(vacancies, policies);
    }

    // A university reads its own graduate on the graduate's behalf (the portal): the subject's own access, audited, nothing masked.
    private async Task<StoredCandidate?> OwnGraduateAsync(ClientIdentity caller, string recordId, string action, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (caller.Role != PartyRole.University)
            return null;
        var own = await retrieval.GraduateByRecordAsync(caller.Organisation, recordId, cancellationToken);
        if (own is not null)
            await ownAccess.ReleaseAsync(caller, own.Profile.SubjectKey, [.. own.Records.Select(ToRelease)], action, now, cancellationToken);
        return own;
    }

    private async Task<(IReadOnlyList<Ranked<StoredVacancy>> Vacancies, IReadOnlyList<EligiblePolicy> Policies)> ScoreAsync(
        CandidateProfile profile, int limit, DateOnly day, CancellationToken cancellationToken)
    {
        var vacancies = await retrieval.VacanciesForAsync(profile.Graduate, day, cancellationToken);
        var policies = await retrieval.PoliciesAsync(day, cancellationToken);
        return (engine.RankVacancies(profile, vacancies, limit, day), engine.Policies.Eligible(profile, policies, day));
    }

    // Enough for a full answer when about a third of the graduates may be shown to the caller; more are read as needed.
    private static int FirstRead(int limit) => Math.Max(100, 4 * limit);

    // Another employer may not match against a vacancy that is not its own; a matcher may, and
    // universities and bureaus may as far as their agreements release the candidates.
    private static bool MayMatchFor(ClientIdentity caller, StoredVacancy vacancy) =>
        caller.Role != PartyRole.Employer
        || string.Equals(caller.Organisation, vacancy.SourceOrganisation, StringComparison.Ordinal)
        || string.Equals(caller.Organisation, vacancy.Record.EmployerCreditCode, StringComparison.Ordinal);

    // The hub's calendar day is China's (UTC+8), as the reports judge days.
    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(TimeSpan.FromHours(8)).DateTime);

    private static ReleaseCandidate ToRelease(SubjectRecord record) => new(record.Kind, record.SourceOrganisation, record.Record);

    private static VacancySummary Summary(StoredVacancy vacancy)
    {
        var v = vacancy.Record;
        return new(vacancy.SourceOrganisation, vacancy.RecordId, v.Title, v.EmployerName, v.OccupationCode, v.WorkRegion, v.PayMin, v.PayMax, v.ContractType,
            v.AccessibilityFeatures, v.PhysicalRequirements, v.InclusiveHiring, v.ValidThrough);
    }

    private static PolicyMatch PolicyMatch(EligiblePolicy eligible, IReadOnlyList<MatchReasonDto> reasons)
    {
        var p = eligible.Policy;
        return new(p.IssuerCreditCode, p.RecordId, p.Title, p.IssuerName, p.Region, p.Benefit.Type, p.Benefit.AmountYuan, p.Channel, p.ValidThrough, reasons);
    }
}
