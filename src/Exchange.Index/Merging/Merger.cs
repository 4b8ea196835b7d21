using Dapper;
using Exchange.Core.Envelope;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Index.Resolution.Training;
using Exchange.Log;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Index.Merging;

/// <summary>
/// One message to merge: where the log holds it and its sealed envelope, or a steward's decision or
/// withdrawal of a consent; none for a message sent to the dead-letter topic instead, which the
/// merger only steps past.
/// </summary>
public sealed record MergeInput(LogPosition Position, RecordEnvelope? Envelope, StewardDecision? Decision = null, StewardWithdrawal? Withdrawal = null)
{
    /// <summary>
    /// The message's identity (<see cref="TopicContinuity.IdentityOf"/>), kept with the position
    /// of the last message merged in its partition so that a topic made again can be told.
    /// </summary>
    public string? MessageId { get; init; }
}


/// <summary>What merging a batch did.</summary>
/// <param name="Merged">Record versions new to the index.</param>
/// <param name="Duplicates">Versions the index held already (the same sender, record id and content).</param>
/// <param name="AlreadyMerged">Messages merged before (a redelivery after a crash), skipped.</param>
/// <param name="SubjectsCreated">Subjects the batch created.</param>
public sealed record MergeResult(int Merged, int Duplicates, int AlreadyMerged, int SubjectsCreated);

/// <summary>
/// Writes the merged index from the log, in one transaction per batch together with where it
/// stands in each partition, so that a message merged before a crash is never merged twice and
/// the log offsets can be committed once the transaction has. Each accepted version is kept with
/// its envelope; the latest version of each source record is the one in force; a record about a
/// subject is linked to the subject its linkage key names, created the first time the key is seen,
/// with a change event in the same transaction. Subject ids are never renumbered or reused.
/// </summary>
public sealed class Merger
{
    // One merger at a time resolves graduates probabilistically: two records of one person merged
    // at once by two instances would each create a subject. The key locks below cover the rest.
    private const long ResolutionLock = 0x6772616475617465;

    private const string PositionsSql = "select topic as Topic, partition as Partition, next_offset as NextOffset, last_message as LastMessage from merger_positions";

    private const string StartOverSql = "delete from merger_positions where topic = @Topic and partition = @Partition";

    // JIT compilation is made for long analytic queries: a batch's lookups, each short but costed
    // by the array's length, spent more time compiled than run (200 ms a batch). The batch's
    // partitions are locked in one order: a partition that moved to another instance in a
    // rebalance while this one still merged it is merged by one of them, after the other commits.
    private const string LockPositionsSql = """
        set local jit = off;
        insert into merger_positions (topic, partition, next_offset, updated_at)
        select t, p, 0, @At from unnest(@Topics, @Partitions) as x (t, p) on conflict (topic, partition) do nothing;
        select topic as Topic, partition as Partition, next_offset as NextOffset, last_message as LastMessage from merger_positions
        where (topic, partition) in (select t, p from unnest(@Topics, @Partitions) as x (t, p))
        order by topic, partition for update
        """;

    private const string SavePositionsSql = """
        insert into merger_positions (topic, partition, next_offset, last_message, updated_at)
        select t, p, o, m, @At from unnest(@Topics, @Partitions, @Offsets, @LastMessages) as x (t, p, o, m)
        on conflict (topic, partition) do update set next_offset = excluded.next_offset, last_message = excluded.last_message, updated_at = excluded.updated_at
        """;

    private const string InsertEnvelopesSql = """
        insert into record_envelope (id, kind, schema_version, source_organisation, source_record_id, content_hash, subject_key, received_at, record,
                                     log_topic, log_partition, log_offset)
        select i, k, v, o, r, h, s, t, j::jsonb, lt, lp, lo
        from unnest(@Ids, @Kinds, @SchemaVersions, @Organisations, @RecordIds, @ContentHashes, @SubjectKeys, @ReceivedAt, @Records,
                    @Topics, @Partitions, @Offsets) as x (i, k, v, o, r, h, s, t, j, lt, lp, lo)
        on conflict (source_organisation, source_record_id, content_hash) do nothing
        returning id
        """;

    // Two mergers (instances of the hub, each with its own partitions) may meet the same new key at
    // once: each transaction first locks the keys of its batch, always in the same order, so that
    // one creates the subject and the other finds it.
    private const string LockKeysSql = """
        select pg_advisory_xact_lock(h) from (select distinct hashtextextended(k, 0) as h from unnest(@Keys) as k order by 1) as ordered
        """;

    private const string PendSql = """
        insert into pending_decisions (log_topic, log_partition, log_offset, decision) values (@Topic, @Partition, @Offset, @Decision::jsonb)
        """;

    private const string PendingSql = """
        select log_topic as Topic, log_partition as Partition, log_offset as Offset, decision::text as Decision
        from pending_decisions order by log_topic, log_partition, log_offset
        """;

    private const string UnpendSql = "delete from pending_decisions where log_topic = @Topic and log_partition = @Partition and log_offset = @Offset";

    private readonly NpgsqlDataSource _database;
    private readonly TimeProvider _clock;
    private readonly Lazy<SubjectResolver?> _resolver;
    private readonly Lazy<StoredComparisonValues?> _stored;

    /// <param name="database">The hub's database.</param>
    /// <param name="clock">The clock of the change events.</param>
    /// <param name="resolution">
    /// The model that resolves graduate records probabilistically (docs/merge.md); without one,
    /// records are linked by linkage key alone and a record without one joins no subject.
    /// </param>
    public Merger(NpgsqlDataSource database, TimeProvider clock, ResolutionModel? resolution = null)
        : this(database, clock, () => resolution)
    {
    }

    /// <summary>
    /// A merger that reads its model on first use: the hub builds it before its settings are
    /// validated, and a model file that cannot be read must be refused as a setting, not thrown here.
    /// </summary>
    public Merger(NpgsqlDataSource database, TimeProvider clock, Func<ResolutionModel?> resolution, ILogger<Merger>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        _database = database;
        _clock = clock;
        _resolver = new Lazy<SubjectResolver?>(() => resolution() is { } model ? new SubjectResolver(model) : null);
        _stored = new Lazy<StoredComparisonValues?>(() => _resolver.Value is { } resolver
            ? new StoredComparisonValues(resolver, (ILogger?)logger ?? NullLogger.Instance)
            : null);
    }

    /// <summary>Merges a batch in one transaction; inputs may come from several topics and partitions, each in offset order.</summary>
    public async Task<MergeResult> MergeAsync(IReadOnlyList<MergeInput> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var at = _clock.GetUtcNow().UtcDateTime;
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var partitions = inputs.Select(i => (i.Position.Topic, i.Position.Partition)).Distinct().ToList();
        var next = (await connection.QueryAsync<PositionRow>(new CommandDefinition(LockPositionsSql,
                new { Topics = partitions.Select(p => p.Topic).ToArray(), Partitions = partitions.Select(p => p.Partition).ToArray(), At = at },
                transaction, cancellationToken: cancellationToken)))
            .ToDictionary(r => (r.Topic, r.Partition), r => r.NextOffset);
        var last = new Dictionary<(string, int), string?>();
        if (_stored.Value is { } stored && inputs.Any(i => i.Envelope?.Kind == RecordKind.Graduate))
        {
            await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(@Lock)", new { Lock = ResolutionLock }, transaction, cancellationToken: cancellationToken));
            await stored.EnsureCurrentAsync(connection, transaction, at, cancellationToken);
        }
        var keys = inputs.Select(i => i.Envelope?.SubjectKey).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        if (keys.Length > 0)
            await connection.ExecuteAsync(new CommandDefinition(LockKeysSql, new { Keys = keys }, transaction, cancellationToken: cancellationToken));

        var counts = new MergeCounts();
        var records = new List<(LogPosition Position, RecordEnvelope Envelope)>();
        // A decision or a withdrawal sees every record before it merged.
        async Task MergeRecordsSoFarAsync()
        {
            await MergeRecordsAsync(connection, transaction, records, at, counts, cancellationToken);
            records.Clear();
        }

        foreach (var input in inputs)
        {
            var (position, envelope) = (input.Position, input.Envelope);
            var key = (position.Topic, position.Partition);
            if (position.Offset < next.GetValueOrDefault(key))
            {
                counts.AlreadyMerged++;
                continue;
            }
            next[key] = position.Offset + 1;
            last[key] = input.MessageId;
            if (input.Decision is { } decision)
            {
                await MergeRecordsSoFarAsync();
                if (!await DecisionApplier.ApplyAsync(connection, transaction, decision, at, cancellationToken))
                    await connection.ExecuteAsync(new CommandDefinition(PendSql, new { position.Topic, position.Partition, position.Offset, Decision = decision.ToJson() },
                        transaction, cancellationToken: cancellationToken));
                continue;
            }
            if (input.Withdrawal is { } withdrawal)
            {
                // The withdrawal becomes a withdrawn version of the consent in force, merged as one sent would be.
                await MergeRecordsSoFarAsync();
                if (await withdrawal.WithdrawnVersionAsync(connection, transaction, cancellationToken) is { } version)
                    await MergeRecordsAsync(connection, transaction, [(position, version)], at, counts, cancellationToken);
                continue;
            }
            if (envelope is not null)
                records.Add((position, envelope));
        }
        await MergeRecordsSoFarAsync();

        if (counts.Merged > 0)
            await ApplyPendingDecisionsAsync(connection, transaction, at, cancellationToken);

        var saved = last.Keys.ToArray();
        await connection.ExecuteAsync(new CommandDefinition(SavePositionsSql, new
        {
            Topics = saved.Select(p => p.Item1).ToArray(),
            Partitions = saved.Select(p => p.Item2).ToArray(),
            Offsets = saved.Select(p => next[p]).ToArray(),
            LastMessages = saved.Select(p => last[p]).ToArray(),
            At = at,
        }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new MergeResult(counts.Merged, counts.Duplicates, counts.AlreadyMerged, counts.Created);
    }

    // Decisions that named records not merged when they were read: each batch that merged records may have brought them.
    private static async Task ApplyPendingDecisionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTime at, CancellationToken cancellationToken)
    {
        var pending = await connection.QueryAsync<PendingRow>(new CommandDefinition(PendingSql, transaction: transaction, cancellationToken: cancellationToken));
        foreach (var row in pending)
        {
            if (StewardDecision.Read(System.Text.Encoding.UTF8.GetBytes(row.Decision)) is { } decision
                && await DecisionApplier.ApplyAsync(connection, transaction, decision, at, cancellationToken))
            {
                await connection.ExecuteAsync(new CommandDefinition(UnpendSql, new { row.Topic, row.Partition, row.Offset }, transaction, cancellationToken: cancellationToken));
            }
        }
    }

    /// <summary>
    /// Merges records in order, in runs (<see cref="MergeRun"/>): what the index holds about a run's
    /// records is read at once and what the run decides is written at once, as merging them one by
    /// one would. A merge of subjects ends a run; the next reads the index again.
    /// </summary>
    private async Task MergeRecordsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<(LogPosition Position, RecordEnvelope Envelope)> records,
        DateTime at, MergeCounts counts, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
            return;
        // The same version twice in the batch is a duplicate of the first, as one already in the index is.
        var versions = new HashSet<(string, string, string)>();
        var fresh = records.Where(r => versions.Add((r.Envelope.SourceOrganisation, r.Envelope.SourceRecordId, r.Envelope.ContentHash))).ToList();
        var json = fresh.Select(r => r.Envelope.Record.GetRawText()).ToArray();
        var inserted = await InsertEnvelopesAsync(connection, transaction, fresh, json, cancellationToken);
        var merging = Enumerable.Range(0, fresh.Count).Where(i => inserted.Contains(fresh[i].Envelope.Id)).ToArray();
        counts.Duplicates += records.Count - merging.Length;

        var resolver = _resolver.Value;
        var prepared = new PreparedGraduate?[merging.Length];
        if (resolver is not null)
        {
            Parallel.For(0, merging.Length, i =>
            {
                var envelope = fresh[merging[i]].Envelope;
                if (envelope.Kind == RecordKind.Graduate)
                    prepared[i] = resolver.Prepare(envelope);
            });
        }

        var next = 0;
        while (next < merging.Length)
        {
            var rest = next..;
            var run = await MergeRun.ReadAsync(connection, transaction, [.. merging[rest].Select(i => fresh[i].Envelope)],
                [.. prepared[rest].OfType<PreparedGraduate>().Select(p => p.Search)], cancellationToken);
            var reread = false;
            while (next < merging.Length && !reread)
            {
                reread = await MergeRecordAsync(connection, transaction, run, fresh[merging[next]].Envelope, prepared[next], at, counts,
                    cancellationToken);
                next++;
            }
            await FlushAsync(connection, transaction, run, at, cancellationToken);
        }
    }

    /// <summary>
    /// Merges one record into the run; true when the run's view of the index is no longer true (two
    /// subjects merged, or sensitive fields purged, which may take a certification out of force).
    /// </summary>
    private async Task<bool> MergeRecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MergeRun run, RecordEnvelope envelope,
        PreparedGraduate? graduate, DateTime at, MergeCounts counts, CancellationToken cancellationToken)
    {
        var reread = false;
        // Records merged before a consent are judged against the consents as they stood then.
        if (envelope.Kind == RecordKind.Consent && run.HoldsSensitiveRecords)
            reread |= await FlushAsync(connection, transaction, run, at, cancellationToken);

        var recordChange = run.RecordChangeOf(envelope);
        long? subjectId = null;
        if (graduate is not null)
        {
            var link = await _resolver.Value!.ResolveAsync(run, graduate, async (first, others) =>
            {
                await FlushAsync(connection, transaction, run, at, cancellationToken);
                reread = true;
                return await MergeWhereAllowedAsync(connection, transaction, run.Real(first), [.. others.Select(run.Real)], at, cancellationToken);
            });
            subjectId = link.SubjectId;
            counts.Created += link.SubjectsCreated;
            run.Link(envelope.Id, link.SubjectId, link.Rule, link.Score, link.Evidence, recordChange);
        }
        else if (envelope.SubjectKey is { } subjectKey)
        {
            subjectId = run.SubjectOfKey(subjectKey);
            if (subjectId is null)
            {
                subjectId = run.CreateSubject();
                run.AddKey(subjectKey, subjectId.Value);
                counts.Created++;
            }
            run.Link(envelope.Id, subjectId.Value, "linkage-key", 1, null, recordChange);
        }

        var withdrawal = envelope.Kind == RecordKind.Consent && subjectId is not null && RecordFields.IsWithdrawnConsent(envelope.Record);
        // Downstream consumers of the index's changes are told to forget what the consent let them learn.
        if (withdrawal)
            run.Change("consent.withdrawn", subjectId!.Value, null, envelope.Id);

        var inForce = run.PutInForce(envelope, subjectId);
        if (subjectId is { } subject && SensitiveFields.CanHold(envelope.Kind.Name()))
            run.HoldsSensitive(envelope, subject);
        if (withdrawal)
        {
            reread |= await FlushAsync(connection, transaction, run, at, cancellationToken);
            reread |= await WithdrawalPurge.ApplyAsync(connection, transaction, envelope, run.Real(subjectId!.Value), at, cancellationToken);
        }
        if (inForce && envelope.Kind == RecordKind.Vacancy)
        {
            reread |= await FlushAsync(connection, transaction, run, at, cancellationToken);
            await VacancyDeduplication.AssignAsync(connection, transaction, envelope, at, cancellationToken);
        }
        counts.Merged++;
        return reread;
    }

    /// <summary>
    /// Writes what the run holds, then purges the sensitive fields of the records it merged whose
    /// subject stands under an erasing withdrawal (docs/merged-index.md, "Erase on withdrawal");
    /// true when anything was purged.
    /// </summary>
    private static async Task<bool> FlushAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MergeRun run, DateTime at,
        CancellationToken cancellationToken)
    {
        await run.FlushAsync(connection, transaction, at, cancellationToken);
        var sensitive = run.TakeSensitiveRecords();
        return sensitive.Count > 0 && await WithdrawalPurge.PurgeWhereWithdrawnAsync(connection, transaction, sensitive, at, cancellationToken);
    }

    /// <summary>Inserts the envelopes; returns the ids of those the index did not hold (the same sender, record id and content).</summary>
    private static async Task<HashSet<Guid>> InsertEnvelopesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        List<(LogPosition Position, RecordEnvelope Envelope)> records, string[] json, CancellationToken cancellationToken)
    {
        var envelopes = records.Select(r => r.Envelope).ToArray();
        var inserted = await connection.QueryAsync<Guid>(new CommandDefinition(InsertEnvelopesSql, new
        {
            Ids = envelopes.Select(e => e.Id).ToArray(),
            Kinds = envelopes.Select(e => e.Kind.Name()).ToArray(),
            SchemaVersions = envelopes.Select(e => e.SchemaVersion).ToArray(),
            Organisations = envelopes.Select(e => e.SourceOrganisation).ToArray(),
            RecordIds = envelopes.Select(e => e.SourceRecordId).ToArray(),
            ContentHashes = envelopes.Select(e => e.ContentHash).ToArray(),
            SubjectKeys = envelopes.Select(e => e.SubjectKey).ToArray(),
            ReceivedAt = envelopes.Select(e => e.ReceivedAt.UtcDateTime).ToArray(),
            Records = json,
            Topics = records.Select(r => r.Position.Topic).ToArray(),
            Partitions = records.Select(r => r.Position.Partition).ToArray(),
            Offsets = records.Select(r => r.Position.Offset).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        return [.. inserted];
    }

    /// <summary>Merges the subjects into one (the oldest survives) when no two hold different keys; otherwise keeps <paramref name="subject"/> alone.</summary>
    private static async Task<long> MergeWhereAllowedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long subject, IReadOnlyList<long> others,
        DateTime at, CancellationToken cancellationToken)
    {
        var mergeable = new List<long> { subject };
        foreach (var other in others.Where(o => o != subject).Distinct())
        {
            if (await SubjectOperations.MayMergeAsync(connection, transaction, [.. mergeable, other], cancellationToken))
                mergeable.Add(other);
        }
        return mergeable.Count == 1 ? subject : await SubjectOperations.MergeAsync(connection, transaction, mergeable, at, cancellationToken);
    }

    /// <summary>True when the merger has passed every one of these positions.</summary>
    public async Task<bool> HasMergedAsync(IReadOnlyCollection<LogPosition> positions, CancellationToken cancellationToken) =>
        (await NotYetMergedAsync(positions, cancellationToken)).Count == 0;

    /// <summary>The positions the merger has not passed yet.</summary>
    public async Task<IReadOnlyList<LogPosition>> NotYetMergedAsync(IReadOnlyCollection<LogPosition> positions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(positions);
        if (positions.Count == 0)
            return [];
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var next = (await connection.QueryAsync<PositionRow>(new CommandDefinition(PositionsSql, cancellationToken: cancellationToken)))
            .ToDictionary(r => (r.Topic, r.Partition), r => r.NextOffset);
        return [.. positions.Where(p => p.Offset >= next.GetValueOrDefault((p.Topic, p.Partition)))];
    }

    /// <summary>
    /// Which of these envelopes carry an id the index already holds for another version (another
    /// sender, record id or content), or that an earlier envelope of the list carries for another
    /// version: the hub never gives two versions one id, and the index would refuse the second.
    /// </summary>
    /// <returns>The indexes, in <paramref name="envelopes"/>, of the envelopes whose id is taken.</returns>
    public async Task<IReadOnlySet<int>> IdsTakenAsync(IReadOnlyList<RecordEnvelope> envelopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        var taken = new HashSet<int>();
        var first = new Dictionary<Guid, RecordEnvelope>();
        for (var i = 0; i < envelopes.Count; i++)
        {
            if (!first.TryAdd(envelopes[i].Id, envelopes[i]) && !SameVersion(first[envelopes[i].Id], envelopes[i]))
                taken.Add(i);
        }
        if (envelopes.Count == 0)
            return taken;
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var stored = await connection.QueryAsync<int>(new CommandDefinition(IdsTakenSql, new
        {
            Ids = envelopes.Select(e => e.Id).ToArray(),
            Organisations = envelopes.Select(e => e.SourceOrganisation).ToArray(),
            RecordIds = envelopes.Select(e => e.SourceRecordId).ToArray(),
            ContentHashes = envelopes.Select(e => e.ContentHash).ToArray(),
        }, cancellationToken: cancellationToken));
        taken.UnionWith(stored.Select(n => n - 1));
        return taken;

        static bool SameVersion(RecordEnvelope a, RecordEnvelope b) =>
            (a.SourceOrganisation, a.SourceRecordId, a.ContentHash) == (b.SourceOrganisation, b.SourceRecordId, b.ContentHash);
    }

    private const string IdsTakenSql = """
        select x.n::int from unnest(@Ids, @Organisations, @RecordIds, @ContentHashes) with ordinality as x (i, o, r, h, n)
        join record_envelope e on e.id = x.i
        where (e.source_organisation, e.source_record_id, e.content_hash) is distinct from (x.o, x.r, x.h)
        """;

    /// <summary>
    /// Where the merger stands: in each partition it has merged from, the next offset to merge and
    /// the identity of the message it merged last (null where that was not kept).
    /// </summary>
    public async Task<IReadOnlyDictionary<(string Topic, int Partition), (long Next, string? LastMessage)>> PositionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<PositionRow>(new CommandDefinition(PositionsSql, cancellationToken: cancellationToken)))
            .ToDictionary(r => (r.Topic, r.Partition), r => (r.NextOffset, r.LastMessage));
    }

    /// <summary>
    /// Forgets where the merger stands in one partition, so that it merges the partition from its
    /// start: versions the index holds already are duplicates, merged once.
    /// </summary>
    public async Task StartOverAsync(string topic, int partition, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(StartOverSql, new { Topic = topic, Partition = partition }, cancellationToken: cancellationToken));
    }

    private sealed record PositionRow(string Topic, int Partition, long NextOffset, string? LastMessage);

    private sealed record PendingRow(string Topic, int Partition, long Offset, string Decision);

    private sealed class MergeCounts
    {
        public int Merged { get; set; }

        public int Duplicates { get; set; }

        public int AlreadyMerged { get; set; }

        public int Created { get; set; }
    }
}
