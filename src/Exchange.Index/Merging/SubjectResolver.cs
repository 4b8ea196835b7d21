using System.Text.Json;
using Exchange.Core.Envelope;
using Exchange.Index.Resolution.Blocking;
using Exchange.Index.Resolution.Features;
using Exchange.Index.Resolution.Scoring;
using Exchange.Index.Resolution.Training;

namespace Exchange.Index.Merging;

/// <summary>The subject a record was linked to, and why.</summary>
/// <param name="SubjectId">The subject.</param>
/// <param name="Rule"><c>linkage-key</c>, <c>probabilistic</c> or <c>source-record</c> (a version of a record already linked).</param>
/// <param name="Score">The match probability (1 for a linkage key or a known source record).</param>
/// <param name="Evidence">The waterfall of the deciding pair, as JSON; null when no pair was scored.</param>
/// <param name="SubjectsCreated">Subjects created (0 or 1).</param>
internal sealed record SubjectLink(long SubjectId, string Rule, double Score, string? Evidence, int SubjectsCreated);

/// <summary>A graduate read for the resolver: the values the settings compare, its features and its blocking keys.</summary>
internal sealed record PreparedGraduate(RecordEnvelope Envelope, string?[] Values, RecordFeatures Features, long[] BlockKeys)
{
    public CandidateSearch Search => new(Envelope.SourceOrganisation, Envelope.SourceRecordId, BlockKeys, Envelope.SubjectKey is not null);
}

/// <summary>
/// Finds the subject of a graduate record as it is merged, against the index as a merge run sees
/// it (<see cref="MergeRun"/>: the index plus what the run decided before this record): exactly by
/// linkage key where the record has one, and otherwise — or to recognise a person first seen
/// without a key — with the Fellegi–Sunter model of docs/merge.md, over candidates found by the
/// record's blocking keys. A record above the link threshold joins the subject; where it meets
/// several subjects that may be one person, they merge into the oldest; between the thresholds it
/// gets a subject of its own and a review for a steward. Two subjects holding different linkage
/// keys never merge.
/// </summary>
internal sealed class SubjectResolver
{
    private readonly Featuriser _featuriser;
    private readonly Blocker _blocker;
    private readonly PairScorer _scorer;
    private readonly GraduateFieldValues _values;

    public SubjectResolver(ResolutionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _featuriser = new Featuriser(model.Schema);
        _blocker = new Blocker(model.Schema);
        _scorer = new PairScorer(model);
        _values = new GraduateFieldValues(model.Schema);
        StoredValuesFingerprint = StoredComparisonValues.Fingerprint(model.Schema.Settings);
    }

    /// <summary>What the values and blocking keys stored for each record depend on (<see cref="StoredComparisonValues"/>).</summary>
    public string StoredValuesFingerprint { get; }

    /// <summary>Reads what the resolver compares from a graduate record; pure, so a batch's graduates are read in parallel.</summary>
    public PreparedGraduate Prepare(RecordEnvelope envelope)
    {
        var (values, features, blockKeys) = Read(envelope.Id, envelope.Record, envelope.SubjectKey);
        return new PreparedGraduate(envelope, values, features, blockKeys);
    }

    /// <summary>The values and blocking keys stored for a graduate record in force; pure.</summary>
    public (string?[] Values, long[] BlockKeys) ValuesAndKeys(Guid envelopeId, JsonElement record, string? subjectKey)
    {
        var (values, _, blockKeys) = Read(envelopeId, record, subjectKey);
        return (values, blockKeys);
    }

    private (string?[] Values, RecordFeatures Features, long[] BlockKeys) Read(Guid envelopeId, JsonElement record, string? subjectKey)
    {
        var values = _values.Read(record, subjectKey);
        var features = _featuriser.Featurise(new InputRecord(envelopeId.ToString(), 0, values));
        var blockKeys = _blocker.KeysOf(features).Select(k => k.Key).Distinct().ToArray();
        return (values, features, blockKeys);
    }

    /// <param name="run">The index as the run sees it, where the link is written.</param>
    /// <param name="graduate">The record.</param>
    /// <param name="mergeSubjects">
    /// Merges subjects in the database where allowed (the first survives unless an older one is
    /// among them) and returns the survivor: a change the run cannot hold.
    /// </param>
    public async Task<SubjectLink> ResolveAsync(MergeRun run, PreparedGraduate graduate, Func<long, IReadOnlyList<long>, Task<long>> mergeSubjects)
    {
        var envelope = graduate.Envelope;
        var current = run.Current(envelope.Kind, envelope.SourceOrganisation, envelope.SourceRecordId);
        if (current is { SubjectId: { } lateSubject } && current.ReceivedAt > MergeRun.Microseconds(envelope.ReceivedAt))
        {
            // An older version arriving late: the same source record, so the same person; it is not in force and is no candidate.
            return new SubjectLink(lateSubject, "source-record", 1, null, 0);
        }

        long? keySubject = envelope.SubjectKey is { } key ? run.SubjectOfKey(key) : null;
        // A record whose key the index knows needs no search: its subject is decided, and a keyless
        // record of the same person finds it when that record is merged. Nor does a new version of a
        // record already linked. A record with a key new to the index is compared only with records
        // without one: a record with another key is another person.
        var best = keySubject is not null || current is { SubjectId: not null }
            ? []
            : run.Candidates(graduate.BlockKeys, current?.EnvelopeId, envelope.SubjectKey is not null, envelope.SourceOrganisation, envelope.SourceRecordId)
                .Select(c => (c.SubjectId, Evidence: _scorer.Explain(graduate.Features, c.Features ??= Featurise(c))))
                .GroupBy(p => p.SubjectId)
                .Select(g => g.MaxBy(p => p.Evidence.MatchWeight))
                .OrderByDescending(p => p.Evidence.MatchWeight)
                .ToList();
        var linked = best.Where(p => p.Evidence.Decision == PairDecision.Link).ToList();

        long subjectId;
        var created = 0;
        string rule;
        double score;
        string? evidence;
        if (keySubject is { } known)
        {
            // The key decides.
            (subjectId, rule, score, evidence) = (known, "linkage-key", 1, null);
        }
        else if (current is { SubjectId: { } previous })
        {
            // A new version of a record already linked stays with its subject.
            (subjectId, rule, score, evidence) = (previous, "source-record", 1, null);
            if (envelope.SubjectKey is { } newKey && !run.HoldsKey(previous))
            {
                run.AddKey(newKey, previous);
            }
            else if (envelope.SubjectKey is not null)
            {
                // The subject holds another key: the corrected resident id names someone else.
                subjectId = run.CreateSubject();
                created = 1;
                run.AddKey(envelope.SubjectKey, subjectId);
                (rule, score) = ("linkage-key", 1);
            }
        }
        else if (linked.Count > 0)
        {
            var (first, firstEvidence) = linked[0];
            (rule, score, evidence) = ("probabilistic", firstEvidence.MatchProbability, firstEvidence.ToJson());
            var others = linked.Skip(1).Select(p => p.SubjectId).Where(s => s != first).Distinct().ToList();
            subjectId = others.Count == 0 ? first : await mergeSubjects(first, others);
            if (envelope.SubjectKey is { } newKey)
                run.AddKey(newKey, subjectId);
        }
        else
        {
            subjectId = run.CreateSubject();
            created = 1;
            (rule, score, evidence) = (envelope.SubjectKey is null ? "new-subject" : "linkage-key", 1, null);
            if (envelope.SubjectKey is { } newKey)
                run.AddKey(newKey, subjectId);
            if (best.FirstOrDefault(p => p.Evidence.Decision == PairDecision.Review) is { Evidence: not null } review)
            {
                run.OpenReview(envelope.Id, subjectId, review.SubjectId, Guid.Parse(review.Evidence.RightId), review.Evidence.MatchProbability,
                    review.Evidence.ToJson());
            }
        }

        if (current is not null)
            run.Forget(current.EnvelopeId);
        run.Remember(envelope.Id, subjectId, envelope.SubjectKey, graduate.Values, graduate.BlockKeys, graduate.Features);
        return new SubjectLink(subjectId, rule, score, evidence, created);
    }

    private RecordFeatures Featurise(ResolutionCandidate candidate) =>
        _featuriser.Featurise(new InputRecord(candidate.EnvelopeId.ToString(), 0, candidate.FieldValues));
}
