using Dapper;
using Exchange.Core.Envelope;
using Exchange.Index.Resolution.Blocking;
using Exchange.Index.Resolution.Features;
using Exchange.Index.Resolution.Scoring;
using Exchange.Index.Resolution.Training;
using Npgsql;

namespace Exchange.Index.Merging;

/// <summary>The subject a record was linked to, and why.</summary>
/// <param name="SubjectId">The subject.</param>
/// <param name="Rule"><c>linkage-key</c>, <c>probabilistic</c> or <c>source-record</c> (a version of a record already linked).</param>
/// <param name="Score">The match probability (1 for a linkage key or a known source record).</param>
/// <param name="Evidence">The waterfall of the deciding pair, as JSON; null when no pair was scored.</param>
/// <param name="SubjectsCreated">Subjects created (0 or 1).</param>
internal sealed record SubjectLink(long SubjectId, string Rule, double Score, string? Evidence, int SubjectsCreated);

/// <summary>
/// Finds the subject of a graduate record as it is merged, one record at a time against the index:
/// exactly by linkage key where the record has one, and otherwise — or to recognise a person first
/// seen without a key — with the Fellegi–Sunter model of docs/merge.md, over candidates found by
/// the record's blocking keys. A record above the link threshold joins the subject; where it meets
/// several subjects that may be one person, they merge into the oldest; between the thresholds it
/// gets a subject of its own and a review for a steward. Two subjects holding different linkage
/// keys never merge.
/// </summary>
internal sealed class SubjectResolver
{
    // At most this many records are read per blocking key: a block larger than that says little.
    private const int CandidatesPerKey = 100;

    private const string CurrentSql = """
        select envelope_id as EnvelopeId, subject_id as SubjectId, received_at as ReceivedAt from current_records
        where kind = 'graduate' and source_organisation = @SourceOrganisation and source_record_id = @SourceRecordId
        """;

    private const string CandidatesSql = """
        select r.envelope_id as EnvelopeId, r.subject_id as SubjectId, r.subject_key as SubjectKey, r.field_values as FieldValues
        from resolution_records r
        where r.envelope_id in (
          select k.envelope_id from unnest(@Keys) as q (block_key)
          cross join lateral (select envelope_id from resolution_keys where block_key = q.block_key limit @PerKey) as k)
        and r.envelope_id <> all(@Exclude)
        and (@KeylessOnly = false or r.subject_key is null)
        and r.subject_id not in (
          select subject_id from distinct_pairs where source_organisation = @SourceOrganisation and source_record_id = @SourceRecordId)
        """;

    private const string ForgetSql = "delete from resolution_records where envelope_id = @EnvelopeId";

    private const string RememberSql = """
        insert into resolution_records (envelope_id, subject_id, subject_key, field_values) values (@EnvelopeId, @SubjectId, @SubjectKey, @FieldValues);
        insert into resolution_keys (block_key, envelope_id) select distinct k, @EnvelopeId from unnest(@Keys) as k;
        """;

    private const string ReviewSql = """
        insert into reviews (envelope_id, subject_id, candidate_subject_id, candidate_envelope_id, match_probability, evidence, created_at)
        values (@EnvelopeId, @SubjectId, @CandidateSubjectId, @CandidateEnvelopeId, @Probability, @Evidence::jsonb, @At)
        """;

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
    }

    public async Task<SubjectLink> ResolveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RecordEnvelope envelope, DateTime at,
        CancellationToken cancellationToken)
    {
        var source = new { envelope.SourceOrganisation, envelope.SourceRecordId };
        var current = await connection.QuerySingleOrDefaultAsync<CurrentRow>(new CommandDefinition(CurrentSql, source, transaction, cancellationToken: cancellationToken));
        var receivedAt = envelope.ReceivedAt.UtcDateTime;
        if (current is { SubjectId: { } lateSubject } && current.ReceivedAt > receivedAt)
        {
            // An older version arriving late: the same source record, so the same person; it is not in force and is no candidate.
            return new SubjectLink(lateSubject, "source-record", 1, null, 0);
        }

        var values = _values.Read(envelope.Record, envelope.SubjectKey);
        var features = _featuriser.Featurise(new InputRecord(envelope.Id.ToString(), 0, values));
        var blockKeys = _blocker.KeysOf(features).Select(k => k.Key).Distinct().ToArray();
        long? keySubject = envelope.SubjectKey is { } key
            ? await SubjectOperations.SubjectOfKeyAsync(connection, transaction, key, cancellationToken)
            : null;
        // A record whose key the index knows needs no search: its subject is decided, and a keyless
        // record of the same person finds it when that record is merged. A record with a key new to
        // the index is compared only with records without one: a record with another key is another person.
        var candidates = keySubject is not null
            ? []
            : (await connection.QueryAsync<CandidateRow>(new CommandDefinition(CandidatesSql, new
            {
                Keys = blockKeys,
                PerKey = CandidatesPerKey,
                Exclude = current is null ? Array.Empty<Guid>() : [current.EnvelopeId],
                KeylessOnly = envelope.SubjectKey is not null,
                envelope.SourceOrganisation,
                envelope.SourceRecordId,
            }, transaction, cancellationToken: cancellationToken))).ToList();

        // The strongest pair with each candidate subject.
        var best = candidates
            .Select(c => (c.SubjectId, Evidence: _scorer.Explain(features, _featuriser.Featurise(new InputRecord(c.EnvelopeId.ToString(), 0, c.FieldValues)))))
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
            if (envelope.SubjectKey is { } newKey && await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "select subject_id from subject_keys where subject_id = @SubjectId limit 1", new { SubjectId = previous }, transaction, cancellationToken: cancellationToken)) is null)
            {
                await SubjectOperations.AddKeyAsync(connection, transaction, newKey, previous, cancellationToken);
            }
            else if (envelope.SubjectKey is not null)
            {
                // The subject holds another key: the corrected resident id names someone else.
                subjectId = await SubjectOperations.CreateAsync(connection, transaction, at, cancellationToken);
                created = 1;
                await SubjectOperations.AddKeyAsync(connection, transaction, envelope.SubjectKey, subjectId, cancellationToken);
                (rule, score) = ("linkage-key", 1);
            }
        }
        else if (linked.Count > 0)
        {
            var (first, firstEvidence) = linked[0];
            (rule, score, evidence) = ("probabilistic", firstEvidence.MatchProbability, firstEvidence.ToJson());
            subjectId = await MergeWhereAllowedAsync(connection, transaction, first, linked.Skip(1).Select(p => p.SubjectId), at, cancellationToken);
            if (envelope.SubjectKey is { } newKey)
                await SubjectOperations.AddKeyAsync(connection, transaction, newKey, subjectId, cancellationToken);
        }
        else
        {
            subjectId = await SubjectOperations.CreateAsync(connection, transaction, at, cancellationToken);
            created = 1;
            (rule, score, evidence) = (envelope.SubjectKey is null ? "new-subject" : "linkage-key", 1, null);
            if (envelope.SubjectKey is { } newKey)
                await SubjectOperations.AddKeyAsync(connection, transaction, newKey, subjectId, cancellationToken);
            if (best.FirstOrDefault(p => p.Evidence.Decision == PairDecision.Review) is { Evidence: not null } review)
            {
                await connection.ExecuteAsync(new CommandDefinition(ReviewSql, new
                {
                    EnvelopeId = envelope.Id,
                    SubjectId = subjectId,
                    CandidateSubjectId = review.SubjectId,
                    CandidateEnvelopeId = Guid.Parse(review.Evidence.RightId),
                    Probability = review.Evidence.MatchProbability,
                    Evidence = review.Evidence.ToJson(),
                    At = at,
                }, transaction, cancellationToken: cancellationToken));
                await SubjectOperations.ChangeAsync(connection, transaction, "review.opened", review.SubjectId, subjectId, envelope.Id, at, cancellationToken);
            }
        }

        if (current is not null)
            await connection.ExecuteAsync(new CommandDefinition(ForgetSql, new { current.EnvelopeId }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(RememberSql, new
        {
            EnvelopeId = envelope.Id,
            SubjectId = subjectId,
            envelope.SubjectKey,
            FieldValues = values,
            Keys = blockKeys,
        }, transaction, cancellationToken: cancellationToken));
        return new SubjectLink(subjectId, rule, score, evidence, created);
    }

    /// <summary>Merges the subjects into one (the oldest survives) when no two hold different keys; otherwise keeps <paramref name="subject"/> alone.</summary>
    private static async Task<long> MergeWhereAllowedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long subject, IEnumerable<long> others, DateTime at,
        CancellationToken cancellationToken)
    {
        long[] all = [subject, .. others.Where(o => o != subject).Distinct()];
        if (all.Length == 1)
            return subject;
        var mergeable = new List<long> { subject };
        foreach (var other in all.Skip(1))
        {
            if (await SubjectOperations.MayMergeAsync(connection, transaction, [.. mergeable, other], cancellationToken))
                mergeable.Add(other);
        }
        return mergeable.Count == 1 ? subject : await SubjectOperations.MergeAsync(connection, transaction, mergeable, at, cancellationToken);
    }

    private sealed record CurrentRow(Guid EnvelopeId, long? SubjectId, DateTime ReceivedAt);

    // A class with setters: Dapper binds a text[] column only to a property.
    private sealed class CandidateRow
    {
        public Guid EnvelopeId { get; set; }

        public long SubjectId { get; set; }

        public string? SubjectKey { get; set; }

        public string?[] FieldValues { get; set; } = [];
    }
}
