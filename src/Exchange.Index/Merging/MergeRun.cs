using Exchange.Core.Model;
using Exchange.Index.Resolution.Features;
using Npgsql;
using NpgsqlTypes;

namespace Exchange.Index.Merging;

/// <summary>The version of a source record in force, as the index holds it.</summary>
internal sealed record CurrentVersion(Guid EnvelopeId, long? SubjectId, DateTime ReceivedAt);

/// <summary>A record the resolver may compare a graduate with: its subject, its linkage key and the values the settings compare.</summary>
internal sealed class ResolutionCandidate(Guid envelopeId, long subjectId, string? subjectKey, string?[] fieldValues)
{
    public Guid EnvelopeId { get; } = envelopeId;

    public long SubjectId { get; set; } = subjectId;

    public string? SubjectKey { get; } = subjectKey;

    public string?[] FieldValues { get; } = fieldValues;

    /// <summary>The candidate's features, computed once per run however many records meet it.</summary>
    public RecordFeatures? Features { get; set; }
}

/// <summary>
/// A run of records merged together: what the index holds about them is read in one round trip
/// at the start, every decision is taken against that view plus what the run itself has decided,
/// and what the run writes is held and sent in one round trip by <see cref="FlushAsync"/>. The
/// writes are those of merging the records one by one, in the same order (change events included),
/// so that a run gives the index merging row by row would. Subjects created in the run carry
/// provisional (negative) ids until the flush draws real ones from the sequence, in creation order.
/// A change the run cannot hold (merging two subjects, assigning a vacancy to a job) is made in the
/// database after a flush; a merge also ends the run, since it moves what the view holds.
/// </summary>
internal sealed class MergeRun
{
    // At most this many records are read per blocking key: a block larger than that says little.
    private const int CandidatesPerKey = 100;

    // Lateral, so that each source record is one primary-key lookup whatever the planner guesses of the array's length.
    private const string CurrentSql = """
        select c.kind, c.source_organisation, c.source_record_id, c.envelope_id, c.subject_id, c.received_at
        from unnest(@Kinds, @Organisations, @RecordIds) as q (kind, organisation, record_id)
        cross join lateral (
          select * from current_records c
          where c.kind = q.kind and c.source_organisation = q.organisation and c.source_record_id = q.record_id) as c
        """;

    private const string KeysSql = "select subject_key, subject_id from subject_keys where subject_key = any(@Keys)";

    private const string KeyedSubjectsSql = "select distinct subject_id from subject_keys where subject_id = any(@Subjects)";

    // A record with a linkage key is compared only with records of subjects that hold none, read through their own index.
    // Each candidate says whether its subject holds a key, so that no other query needs to ask.
    internal const string CandidatesSql = """
        select q.block_key, c.envelope_id, c.subject_id, c.subject_key, c.field_values, c.subject_keyless
        from unnest(@BlockKeys, @KeylessSubjectsOnly) as q (block_key, keyless_subjects_only)
        cross join lateral (
          (select r.envelope_id, r.subject_id, r.subject_key, r.field_values, k.subject_keyless
           from resolution_keys k join resolution_records r on r.envelope_id = k.envelope_id
           where k.block_key = q.block_key and not q.keyless_subjects_only limit @PerKey)
          union all
          (select r.envelope_id, r.subject_id, r.subject_key, r.field_values, k.subject_keyless
           from resolution_keys k join resolution_records r on r.envelope_id = k.envelope_id
           where k.block_key = q.block_key and k.subject_keyless and q.keyless_subjects_only limit @PerKey)) as c
        """;

    private const string DistinctSql = """
        select d.source_organisation, d.source_record_id, d.subject_id
        from unnest(@Organisations, @RecordIds) as q (organisation, record_id)
        cross join lateral (
          select * from distinct_pairs d where d.source_organisation = q.organisation and d.source_record_id = q.record_id) as d
        """;

    private const string SubjectIdsSql = "select nextval(pg_get_serial_sequence('subjects', 'subject_id')) from generate_series(1, @Count)";

    private const string InsertSubjectsSql = """
        insert into subjects (subject_id, created_at, updated_at) overriding system value select id, @At, @At from unnest(@Ids) as id
        """;

    private const string InsertKeysSql = "insert into subject_keys (subject_key, subject_id) select * from unnest(@Keys, @Subjects)";

    private const string InsertLinksSql = """
        insert into links (envelope_id, subject_id, rule, score, evidence, decided_by, decided_at)
        select e, s, r, sc, ev::jsonb, 'machine', @At from unnest(@Envelopes, @Subjects, @Rules, @Scores, @Evidence) as x (e, s, r, sc, ev)
        """;

    // A newer version replaces the one in force; an older one arriving late never does. The run sends
    // one row per source record, the last in force; the condition guards against another instance.
    // The record is copied from its envelope, written earlier in the transaction, rather than sent and parsed twice.
    private const string UpsertCurrentSql = """
        insert into current_records (kind, source_organisation, source_record_id, envelope_id, subject_id, received_at, record)
        select k, o, i, e, s, t, v.record from unnest(@Kinds, @Organisations, @RecordIds, @Envelopes, @Subjects, @ReceivedAt) as x (k, o, i, e, s, t)
        join record_envelope v on v.id = x.e
        on conflict (kind, source_organisation, source_record_id) do update
          set envelope_id = excluded.envelope_id, subject_id = excluded.subject_id, received_at = excluded.received_at, record = excluded.record
          where current_records.received_at <= excluded.received_at
        """;

    private const string ForgetKeysSql = """
        delete from resolution_keys k using resolution_records r cross join unnest(r.block_keys) as b (block_key)
        where r.envelope_id = any(@Envelopes) and k.block_key = b.block_key and k.envelope_id = r.envelope_id
        """;

    private const string ForgetSql = "delete from resolution_records where envelope_id = any(@Envelopes)";

    // Field values travel as one flat array, each record's slice of the settings' width.
    private const string RememberSql = """
        insert into resolution_records (envelope_id, subject_id, subject_key, field_values, block_keys)
        select e, s, k, (@Values::text[])[((n - 1) * @Width + 1):(n * @Width)], (@BlockKeys::bigint[])[(@Firsts::int[])[n]:((@Firsts::int[])[n + 1] - 1)]
        from unnest(@Envelopes, @Subjects, @SubjectKeys) with ordinality as x (e, s, k, n)
        """;

    // A record's blocking keys are distinct (Blocker keys, deduplicated when read). Whether its subject
    // holds a key is the run's to say (it knows every subject it links to); triggers keep the flag true
    // afterwards (Index migration 0017).
    private const string RememberKeysSql = """
        insert into resolution_keys (block_key, envelope_id, subject_keyless) select * from unnest(@BlockKeys, @Envelopes, @SubjectKeyless)
        """;

    private const string InsertReviewsSql = """
        insert into reviews (envelope_id, subject_id, candidate_subject_id, candidate_envelope_id, match_probability, evidence, created_at)
        select e, s, cs, ce, p, ev::jsonb, @At from unnest(@Envelopes, @Subjects, @CandidateSubjects, @CandidateEnvelopes, @Probabilities, @Evidence)
          with ordinality as x (e, s, cs, ce, p, ev, n) order by n
        """;

    private const string InsertChangesSql = """
        insert into index_changes (kind, subject_id, from_subject_id, envelope_id, record_change, at)
        select k, s, f, e, r, @At from unnest(@Kinds, @Subjects, @FromSubjects, @Envelopes, @RecordChanges) with ordinality as x (k, s, f, e, r, n) order by n
        """;

    private readonly Dictionary<(string Kind, string Organisation, string RecordId), CurrentVersion> _current;
    private readonly Dictionary<string, long> _keySubjects;
    private readonly HashSet<long> _keyedSubjects;
    private readonly Dictionary<long, List<ResolutionCandidate>> _candidates;
    private readonly Dictionary<(string Organisation, string RecordId), HashSet<long>> _distinct;

    // Provisional id -> the real one, once a flush has drawn it.
    private readonly Dictionary<long, long> _real = [];
    private readonly HashSet<Guid> _forgotten = [];
    private readonly Dictionary<Guid, (ResolutionCandidate Candidate, long[] BlockKeys)> _remembered = [];
    private readonly Dictionary<long, List<ResolutionCandidate>> _rememberedByBlock = [];

    private readonly Writes _writes = new();
    private readonly List<(Core.Envelope.RecordEnvelope Envelope, long Subject)> _sensitive = [];
    private long _provisional;

    private MergeRun(
        Dictionary<(string, string, string), CurrentVersion> current,
        Dictionary<string, long> keySubjects,
        HashSet<long> keyedSubjects,
        Dictionary<long, List<ResolutionCandidate>> candidates,
        Dictionary<(string, string), HashSet<long>> distinct)
    {
        _current = current;
        _keySubjects = keySubjects;
        _keyedSubjects = keyedSubjects;
        _candidates = candidates;
        _distinct = distinct;
    }

    /// <summary>
    /// Reads, in one round trip, what the index holds about the records, and for the graduates
    /// among them (<paramref name="searches"/>: their source record, blocking keys and whether they
    /// have a linkage key) what the resolver will compare them with.
    /// </summary>
    public static async Task<MergeRun> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Core.Envelope.RecordEnvelope> records,
        IReadOnlyList<CandidateSearch> searches, CancellationToken cancellationToken)
    {
        var sources = records.Select(r => (Kind: r.Kind.Name(), r.SourceOrganisation, r.SourceRecordId)).Distinct().ToArray();
        var keys = records.Select(r => r.SubjectKey).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        // A block searched by any record without a key is read whole; one searched only by keyed records, for the records of subjects without a key.
        var blocks = new Dictionary<long, bool>();
        foreach (var search in searches)
        {
            foreach (var block in search.BlockKeys)
                blocks[block] = blocks.GetValueOrDefault(block, true) && search.Keyed;
        }
        var searched = searches.Select(s => (s.SourceOrganisation, s.SourceRecordId)).Distinct().ToArray();

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command(CurrentSql,
            ("Kinds", sources.Select(s => s.Kind).ToArray()),
            ("Organisations", sources.Select(s => s.SourceOrganisation).ToArray()),
            ("RecordIds", sources.Select(s => s.SourceRecordId).ToArray())));
        batch.BatchCommands.Add(Command(KeysSql, ("Keys", keys)));
        batch.BatchCommands.Add(Command(CandidatesSql,
            ("BlockKeys", blocks.Keys.ToArray()), ("KeylessSubjectsOnly", blocks.Values.ToArray()), ("PerKey", CandidatesPerKey)));
        batch.BatchCommands.Add(Command(DistinctSql,
            ("Organisations", searched.Select(s => s.SourceOrganisation).ToArray()), ("RecordIds", searched.Select(s => s.SourceRecordId).ToArray())));

        var current = new Dictionary<(string, string, string), CurrentVersion>();
        var keySubjects = new Dictionary<string, long>(StringComparer.Ordinal);
        var candidates = new Dictionary<long, List<ResolutionCandidate>>();
        var keyedSubjects = new HashSet<long>();
        var distinct = new Dictionary<(string, string), HashSet<long>>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                current[(reader.GetString(0), reader.GetString(1), reader.GetString(2))] = new CurrentVersion(
                    reader.GetGuid(3), reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.GetDateTime(5));
            }
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                keySubjects[reader.GetString(0)] = reader.GetInt64(1);
            await reader.NextResultAsync(cancellationToken);
            var seen = new Dictionary<Guid, ResolutionCandidate>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var envelopeId = reader.GetGuid(1);
                if (!seen.TryGetValue(envelopeId, out var candidate))
                {
                    candidate = new ResolutionCandidate(envelopeId, reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                        reader.GetFieldValue<string?[]>(4));
                    seen.Add(envelopeId, candidate);
                    if (!reader.GetBoolean(5))
                        keyedSubjects.Add(candidate.SubjectId);
                }
                ListOf(candidates, reader.GetInt64(0)).Add(candidate);
            }
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var source = (reader.GetString(0), reader.GetString(1));
                if (!distinct.TryGetValue(source, out var subjects))
                    distinct[source] = subjects = [];
                subjects.Add(reader.GetInt64(2));
            }
        }

        // Whether the subjects of versions in force hold a key (a corrected resident id on a keyless
        // record); the candidates' subjects (a record with a new key joins no subject holding another) said so above.
        keyedSubjects.UnionWith(keySubjects.Values);
        var maybeKeyed = current.Values.Select(c => c.SubjectId).OfType<long>().Where(s => !keyedSubjects.Contains(s)).Distinct().ToArray();
        if (maybeKeyed.Length > 0)
        {
            await using var command = new NpgsqlCommand(KeyedSubjectsSql, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter("Subjects", maybeKeyed));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                keyedSubjects.Add(reader.GetInt64(0));
        }
        return new MergeRun(current, keySubjects, keyedSubjects, candidates, distinct);
    }

    /// <summary>The version of the source record in force, including those this run put in force.</summary>
    public CurrentVersion? Current(RecordKind kind, string organisation, string recordId) =>
        _current.TryGetValue((kind.Name(), organisation, recordId), out var current)
            ? current with { SubjectId = current.SubjectId is { } s ? Real(s) : null }
            : null;

    /// <summary>The subject the linkage key names, or null when the index has not met the key.</summary>
    public long? SubjectOfKey(string key) => _keySubjects.TryGetValue(key, out var subject) ? Real(subject) : null;

    /// <summary>True when the subject holds a linkage key.</summary>
    public bool HoldsKey(long subject) => _keyedSubjects.Contains(subject);

    /// <summary>
    /// The records sharing a blocking key with a graduate, except <paramref name="exclude"/>, those a
    /// steward declared another person than this source record, and, for a record with a key
    /// (<paramref name="keylessOnly"/>), records with a key of their own or linked to a subject that
    /// holds one: another key is another person.
    /// </summary>
    public IEnumerable<ResolutionCandidate> Candidates(IEnumerable<long> blockKeys, Guid? exclude, bool keylessOnly, string organisation, string recordId)
    {
        var distinct = _distinct.GetValueOrDefault((organisation, recordId));
        var seen = new HashSet<Guid>();
        foreach (var block in blockKeys)
        {
            IEnumerable<ResolutionCandidate> found = _candidates.TryGetValue(block, out var stored) ? stored : [];
            if (_rememberedByBlock.TryGetValue(block, out var remembered))
                found = found.Concat(remembered);
            foreach (var candidate in found)
            {
                if (_forgotten.Contains(candidate.EnvelopeId) || candidate.EnvelopeId == exclude || (keylessOnly && candidate.SubjectKey is not null)
                    || !seen.Add(candidate.EnvelopeId))
                {
                    continue;
                }
                candidate.SubjectId = Real(candidate.SubjectId);
                if (distinct?.Contains(candidate.SubjectId) == true || (keylessOnly && HoldsKey(candidate.SubjectId)))
                    continue;
                yield return candidate;
            }
        }
    }

    /// <summary>A new subject, with its change event; its id is provisional until the flush.</summary>
    public long CreateSubject()
    {
        var id = --_provisional;
        _writes.NewSubjects.Add(id);
        Change("subject.created", id, null, null);
        return id;
    }

    /// <summary>Records that the key names the subject.</summary>
    public void AddKey(string key, long subject)
    {
        _keySubjects[key] = subject;
        _keyedSubjects.Add(subject);
        _writes.Keys.Add((key, subject));
    }

    /// <summary>
    /// Links the record to the subject, with its change event; <paramref name="recordChange"/>
    /// (<see cref="RecordChangeOf"/>) tells the change feed whether the version created or updated its source record.
    /// </summary>
    public void Link(Guid envelopeId, long subject, string rule, double score, string? evidence, string? recordChange)
    {
        _writes.Links.Add((envelopeId, subject, rule, score, evidence));
        _writes.Changes.Add(("record.linked", subject, null, envelopeId, recordChange));
    }

    /// <summary>
    /// What putting the version in force will do to its source record, asked before <see cref="PutInForce"/>:
    /// <c>created</c> (the index holds no version of it), <c>updated</c> (it holds an older one) or null (a newer one stays in force).
    /// </summary>
    public string? RecordChangeOf(Core.Envelope.RecordEnvelope envelope)
    {
        if (!_current.TryGetValue((envelope.Kind.Name(), envelope.SourceOrganisation, envelope.SourceRecordId), out var current))
            return "created";
        return current.ReceivedAt > Microseconds(envelope.ReceivedAt) ? null : "updated";
    }

    /// <summary>A change event, after those written before it.</summary>
    public void Change(string kind, long subject, long? fromSubject, Guid? envelopeId) => _writes.Changes.Add((kind, subject, fromSubject, envelopeId, null));

    /// <summary>A review for a steward: the record's subject and the candidate's, with the evidence; and its change event.</summary>
    public void OpenReview(Guid envelopeId, long subject, long candidateSubject, Guid candidateEnvelope, double probability, string evidence)
    {
        _writes.Reviews.Add((envelopeId, subject, candidateSubject, candidateEnvelope, probability, evidence));
        Change("review.opened", candidateSubject, subject, envelopeId);
    }

    /// <summary>Puts the version in force unless a newer one is; true when it is now in force.</summary>
    public bool PutInForce(Core.Envelope.RecordEnvelope envelope, long? subject)
    {
        var source = (envelope.Kind.Name(), envelope.SourceOrganisation, envelope.SourceRecordId);
        var receivedAt = Microseconds(envelope.ReceivedAt);
        if (_current.TryGetValue(source, out var current) && current.ReceivedAt > receivedAt)
            return false;
        _current[source] = new CurrentVersion(envelope.Id, subject, receivedAt);
        _writes.InForce[source] = (envelope.Id, subject, receivedAt);
        return true;
    }

    /// <summary>The resolver no longer compares this record (a newer version replaces it).</summary>
    public void Forget(Guid envelopeId)
    {
        if (_remembered.Remove(envelopeId, out var remembered))
        {
            foreach (var block in remembered.BlockKeys)
                _rememberedByBlock[block].Remove(remembered.Candidate);
            // Remembered and forgotten before any flush: the database never hears of it.
            if (_writes.Remembered.Remove(envelopeId))
                return;
        }
        _forgotten.Add(envelopeId);
        _writes.Forgotten.Add(envelopeId);
    }

    /// <summary>The resolver compares later records with this one, found by its blocking keys.</summary>
    public void Remember(Guid envelopeId, long subject, string? subjectKey, string?[] fieldValues, long[] blockKeys, RecordFeatures features)
    {
        var candidate = new ResolutionCandidate(envelopeId, subject, subjectKey, fieldValues) { Features = features };
        _remembered[envelopeId] = (candidate, blockKeys);
        foreach (var block in blockKeys)
            ListOf(_rememberedByBlock, block).Add(candidate);
        _writes.Remembered[envelopeId] = (candidate, blockKeys);
    }

    /// <summary>True when the run merged records that may hold sensitive fields, not yet checked against withdrawals.</summary>
    public bool HoldsSensitiveRecords => _sensitive.Count > 0;

    /// <summary>Notes a merged record that may hold sensitive fields, to be checked against its subject's withdrawals once written.</summary>
    public void HoldsSensitive(Core.Envelope.RecordEnvelope envelope, long subject) => _sensitive.Add((envelope, subject));

    /// <summary>The records noted by <see cref="HoldsSensitive"/> since the last call, with their subjects' real ids; call after a flush.</summary>
    public IReadOnlyList<(Core.Envelope.RecordEnvelope Envelope, long Subject)> TakeSensitiveRecords()
    {
        var taken = _sensitive.Select(s => (s.Envelope, Real(s.Subject))).ToList();
        _sensitive.Clear();
        return taken;
    }

    /// <summary>
    /// Sends what the run has decided since the last flush: subjects first (their real ids drawn in
    /// creation order), then keys, links, versions in force, the resolver's records, reviews and the
    /// change events in the order they happened.
    /// </summary>
    public async Task FlushAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTime at, CancellationToken cancellationToken)
    {
        var writes = _writes;
        if (writes.IsEmpty)
            return;
        if (writes.NewSubjects.Count > 0)
        {
            await using var command = new NpgsqlCommand(SubjectIdsSql, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter("Count", writes.NewSubjects.Count));
            var ids = new List<long>(writes.NewSubjects.Count);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                    ids.Add(reader.GetInt64(0));
            }
            ids.Sort();
            for (var i = 0; i < ids.Count; i++)
            {
                _real[writes.NewSubjects[i]] = ids[i];
                if (_keyedSubjects.Remove(writes.NewSubjects[i]))
                    _keyedSubjects.Add(ids[i]);
            }
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        if (writes.NewSubjects.Count > 0)
            batch.BatchCommands.Add(Command(InsertSubjectsSql, ("Ids", writes.NewSubjects.Select(Real).ToArray()), ("At", at)));
        if (writes.Keys.Count > 0)
        {
            batch.BatchCommands.Add(Command(InsertKeysSql,
                ("Keys", writes.Keys.Select(k => k.Key).ToArray()), ("Subjects", writes.Keys.Select(k => Real(k.Subject)).ToArray())));
        }
        if (writes.Links.Count > 0)
        {
            batch.BatchCommands.Add(Command(InsertLinksSql,
                ("Envelopes", writes.Links.Select(l => l.EnvelopeId).ToArray()),
                ("Subjects", writes.Links.Select(l => Real(l.Subject)).ToArray()),
                ("Rules", writes.Links.Select(l => l.Rule).ToArray()),
                ("Scores", writes.Links.Select(l => l.Score).ToArray()),
                ("Evidence", writes.Links.Select(l => l.Evidence).ToArray()),
                ("At", at)));
        }
        if (writes.InForce.Count > 0)
        {
            var rows = writes.InForce.ToArray();
            batch.BatchCommands.Add(Command(UpsertCurrentSql,
                ("Kinds", rows.Select(r => r.Key.Kind).ToArray()),
                ("Organisations", rows.Select(r => r.Key.Organisation).ToArray()),
                ("RecordIds", rows.Select(r => r.Key.RecordId).ToArray()),
                ("Envelopes", rows.Select(r => r.Value.EnvelopeId).ToArray()),
                ("Subjects", rows.Select(r => r.Value.Subject is { } s ? Real(s) : (long?)null).ToArray()),
                ("ReceivedAt", rows.Select(r => r.Value.ReceivedAt).ToArray())));
        }
        if (writes.Forgotten.Count > 0)
        {
            batch.BatchCommands.Add(Command(ForgetKeysSql, ("Envelopes", writes.Forgotten.ToArray())));
            batch.BatchCommands.Add(Command(ForgetSql, ("Envelopes", writes.Forgotten.ToArray())));
        }
        if (writes.Remembered.Count > 0)
        {
            var remembered = writes.Remembered.Values.ToArray();
            var width = remembered[0].Candidate.FieldValues.Length;
            var blockKeys = remembered.SelectMany(r => r.BlockKeys.Select(b => (Block: b, r.Candidate))).ToArray();
            var firsts = SliceStarts(remembered.Select(r => r.BlockKeys.Length));
            batch.BatchCommands.Add(Command(RememberSql,
                ("Envelopes", remembered.Select(r => r.Candidate.EnvelopeId).ToArray()),
                ("Subjects", remembered.Select(r => Real(r.Candidate.SubjectId)).ToArray()),
                ("SubjectKeys", remembered.Select(r => r.Candidate.SubjectKey).ToArray()),
                ("Values", remembered.SelectMany(r => r.Candidate.FieldValues).ToArray()),
                ("Width", width),
                ("BlockKeys", blockKeys.Select(b => b.Block).ToArray()),
                ("Firsts", firsts)));
            batch.BatchCommands.Add(Command(RememberKeysSql,
                ("BlockKeys", blockKeys.Select(b => b.Block).ToArray()),
                ("Envelopes", blockKeys.Select(b => b.Candidate.EnvelopeId).ToArray()),
                ("SubjectKeyless", blockKeys.Select(b => b.Candidate.SubjectKey is null && !HoldsKey(Real(b.Candidate.SubjectId))).ToArray())));
        }
        if (writes.Reviews.Count > 0)
        {
            batch.BatchCommands.Add(Command(InsertReviewsSql,
                ("Envelopes", writes.Reviews.Select(r => r.EnvelopeId).ToArray()),
                ("Subjects", writes.Reviews.Select(r => Real(r.Subject)).ToArray()),
                ("CandidateSubjects", writes.Reviews.Select(r => Real(r.CandidateSubject)).ToArray()),
                ("CandidateEnvelopes", writes.Reviews.Select(r => r.CandidateEnvelope).ToArray()),
                ("Probabilities", writes.Reviews.Select(r => r.Probability).ToArray()),
                ("Evidence", writes.Reviews.Select(r => r.Evidence).ToArray()),
                ("At", at)));
        }
        if (writes.Changes.Count > 0)
        {
            batch.BatchCommands.Add(Command(InsertChangesSql,
                ("Kinds", writes.Changes.Select(c => c.Kind).ToArray()),
                ("Subjects", writes.Changes.Select(c => Real(c.Subject)).ToArray()),
                ("FromSubjects", writes.Changes.Select(c => c.FromSubject is { } f ? Real(f) : (long?)null).ToArray()),
                ("Envelopes", writes.Changes.Select(c => c.EnvelopeId).ToArray()),
                ("RecordChanges", writes.Changes.Select(c => c.RecordChange).ToArray()),
                ("At", at)));
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);

        foreach (var (candidate, _) in writes.Remembered.Values)
            candidate.SubjectId = Real(candidate.SubjectId);
        writes.Clear();
    }

    /// <summary>The real id of a subject, once the flush has drawn it for a provisional one.</summary>
    public long Real(long subject) => subject < 0 && _real.TryGetValue(subject, out var real) ? real : subject;

    /// <summary>An instant as the database keeps it, to the microsecond, so that versions compare here as they do there.</summary>
    public static DateTime Microseconds(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        return new DateTime(ticks - ticks % 10, DateTimeKind.Utc);
    }

    private static List<ResolutionCandidate> ListOf(Dictionary<long, List<ResolutionCandidate>> lists, long key)
    {
        if (!lists.TryGetValue(key, out var list))
            lists[key] = list = [];
        return list;
    }

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
            command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        return command;
    }

    private sealed class Writes
    {
        public List<long> NewSubjects { get; } = [];

        public List<(string Key, long Subject)> Keys { get; } = [];

        public List<(Guid EnvelopeId, long Subject, string Rule, double Score, string? Evidence)> Links { get; } = [];

        public Dictionary<(string Kind, string Organisation, string RecordId), (Guid EnvelopeId, long? Subject, DateTime ReceivedAt)> InForce { get; } = [];

        public List<Guid> Forgotten { get; } = [];

        public Dictionary<Guid, (ResolutionCandidate Candidate, long[] BlockKeys)> Remembered { get; } = [];

        public List<(Guid EnvelopeId, long Subject, long CandidateSubject, Guid CandidateEnvelope, double Probability, string Evidence)> Reviews { get; } = [];

        public List<(string Kind, long Subject, long? FromSubject, Guid? EnvelopeId, string? RecordChange)> Changes { get; } = [];

        public bool IsEmpty => NewSubjects.Count == 0 && Keys.Count == 0 && Links.Count == 0 && InForce.Count == 0 && Forgotten.Count == 0
            && Remembered.Count == 0 && Reviews.Count == 0 && Changes.Count == 0;

        public void Clear()
        {
            NewSubjects.Clear();
            Keys.Clear();
            Links.Clear();
            InForce.Clear();
            Forgotten.Clear();
            Remembered.Clear();
            Reviews.Clear();
            Changes.Clear();
        }
    }

    /// <summary>
    /// Where each record's slice of a flat array starts (1-based, as SQL arrays are), and where the
    /// last ends: record n's slice is <c>[starts[n - 1], starts[n] - 1]</c>.
    /// </summary>
    internal static int[] SliceStarts(IEnumerable<int> lengths)
    {
        var starts = new List<int> { 1 };
        foreach (var length in lengths)
            starts.Add(starts[^1] + length);
        return [.. starts];
    }
}

/// <summary>A graduate the resolver may search candidates for: its source record, its blocking keys and whether it has a linkage key.</summary>
internal sealed record CandidateSearch(string SourceOrganisation, string SourceRecordId, IReadOnlyList<long> BlockKeys, bool Keyed);
