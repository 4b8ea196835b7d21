using Dapper;
using Exchange.Core.Envelope;
using Exchange.Core.Model;
using Exchange.Index.Resolution.Training;
using Exchange.Log;
using Npgsql;

namespace Exchange.Index.Merging;

/// <summary>
/// One message to merge: where the log holds it and its sealed envelope, or a steward's decision;
/// neither for a message sent to the dead-letter topic instead, which the merger only steps past.
/// </summary>
public sealed record MergeInput(LogPosition Position, RecordEnvelope? Envelope, StewardDecision? Decision = null);

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

    private const string PositionsSql = "select topic as Topic, partition as Partition, next_offset as NextOffset from merger_positions";

    // The batch's partitions, locked in one order: a partition that moved to another instance in a
    // rebalance while this one still merged it is merged by one of them, after the other commits.
    private const string LockPositionsSql = """
        insert into merger_positions (topic, partition, next_offset, updated_at)
        select t, p, 0, @At from unnest(@Topics, @Partitions) as x (t, p) on conflict (topic, partition) do nothing;
        select topic as Topic, partition as Partition, next_offset as NextOffset from merger_positions
        where (topic, partition) in (select t, p from unnest(@Topics, @Partitions) as x (t, p))
        order by topic, partition for update
        """;

    private const string SavePositionSql = """
        insert into merger_positions (topic, partition, next_offset, updated_at) values (@Topic, @Partition, @NextOffset, @At)
        on conflict (topic, partition) do update set next_offset = excluded.next_offset, updated_at = excluded.updated_at
        """;

    private const string InsertEnvelopeSql = """
        insert into record_envelope (id, kind, schema_version, source_organisation, source_record_id, content_hash, subject_key, received_at, record,
                                     log_topic, log_partition, log_offset)
        values (@Id, @Kind, @SchemaVersion, @SourceOrganisation, @SourceRecordId, @ContentHash, @SubjectKey, @ReceivedAt, @Record::jsonb,
                @Topic, @Partition, @Offset)
        on conflict (source_organisation, source_record_id, content_hash) do nothing
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

    private const string LinkSql = """
        insert into links (envelope_id, subject_id, rule, score, evidence, decided_by, decided_at)
        values (@EnvelopeId, @SubjectId, @Rule, @Score, @Evidence::jsonb, 'machine', @At)
        """;

    // A newer version replaces the one in force; an older one arriving late never does.
    private const string CurrentSql = """
        insert into current_records (kind, source_organisation, source_record_id, envelope_id, subject_id, received_at, record)
        values (@Kind, @SourceOrganisation, @SourceRecordId, @EnvelopeId, @SubjectId, @ReceivedAt, @Record::jsonb)
        on conflict (kind, source_organisation, source_record_id) do update
          set envelope_id = excluded.envelope_id, subject_id = excluded.subject_id, received_at = excluded.received_at, record = excluded.record
          where current_records.received_at <= excluded.received_at
        """;

    private readonly NpgsqlDataSource _database;
    private readonly TimeProvider _clock;
    private readonly Lazy<SubjectResolver?> _resolver;

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
    public Merger(NpgsqlDataSource database, TimeProvider clock, Func<ResolutionModel?> resolution)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        _database = database;
        _clock = clock;
        _resolver = new Lazy<SubjectResolver?>(() => resolution() is { } model ? new SubjectResolver(model) : null);
    }

    /// <summary>Merges a batch in one transaction; inputs may come from several topics and partitions, each in offset order.</summary>
    public async Task<MergeResult> MergeAsync(IReadOnlyList<MergeInput> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var at = _clock.GetUtcNow().UtcDateTime;
        int merged = 0, duplicates = 0, already = 0, created = 0;
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var partitions = inputs.Select(i => (i.Position.Topic, i.Position.Partition)).Distinct().ToList();
        var next = (await connection.QueryAsync<PositionRow>(new CommandDefinition(LockPositionsSql,
                new { Topics = partitions.Select(p => p.Topic).ToArray(), Partitions = partitions.Select(p => p.Partition).ToArray(), At = at },
                transaction, cancellationToken: cancellationToken)))
            .ToDictionary(r => (r.Topic, r.Partition), r => r.NextOffset);
        var touched = new HashSet<(string, int)>();
        if (_resolver.Value is not null && inputs.Any(i => i.Envelope?.Kind == RecordKind.Graduate))
            await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(@Lock)", new { Lock = ResolutionLock }, transaction, cancellationToken: cancellationToken));
        var keys = inputs.Select(i => i.Envelope?.SubjectKey).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        if (keys.Length > 0)
            await connection.ExecuteAsync(new CommandDefinition(LockKeysSql, new { Keys = keys }, transaction, cancellationToken: cancellationToken));

        foreach (var input in inputs)
        {
            var (position, envelope) = (input.Position, input.Envelope);
            var key = (position.Topic, position.Partition);
            if (position.Offset < next.GetValueOrDefault(key))
            {
                already++;
                continue;
            }
            next[key] = position.Offset + 1;
            touched.Add(key);
            if (input.Decision is { } decision)
            {
                if (!await DecisionApplier.ApplyAsync(connection, transaction, decision, at, cancellationToken))
                    await connection.ExecuteAsync(new CommandDefinition(PendSql, new { position.Topic, position.Partition, position.Offset, Decision = decision.ToJson() },
                        transaction, cancellationToken: cancellationToken));
                continue;
            }
            if (envelope is null)
                continue;

            var record = envelope.Record.GetRawText();
            var inserted = await connection.ExecuteAsync(new CommandDefinition(InsertEnvelopeSql, new
            {
                envelope.Id,
                Kind = envelope.Kind.Name(),
                envelope.SchemaVersion,
                envelope.SourceOrganisation,
                envelope.SourceRecordId,
                envelope.ContentHash,
                envelope.SubjectKey,
                ReceivedAt = envelope.ReceivedAt.UtcDateTime,
                Record = record,
                position.Topic,
                position.Partition,
                position.Offset,
            }, transaction, cancellationToken: cancellationToken));
            if (inserted == 0)
            {
                duplicates++;
                continue;
            }

            long? subjectId = null;
            if (_resolver.Value is { } resolver && envelope.Kind == RecordKind.Graduate)
            {
                var link = await resolver.ResolveAsync(connection, transaction, envelope, at, cancellationToken);
                subjectId = link.SubjectId;
                created += link.SubjectsCreated;
                await LinkAsync(connection, transaction, envelope.Id, link.SubjectId, link.Rule, link.Score, link.Evidence, at, cancellationToken);
            }
            else if (envelope.SubjectKey is { } subjectKey)
            {
                subjectId = await SubjectOperations.SubjectOfKeyAsync(connection, transaction, subjectKey, cancellationToken);
                if (subjectId is null)
                {
                    subjectId = await SubjectOperations.CreateAsync(connection, transaction, at, cancellationToken);
                    await SubjectOperations.AddKeyAsync(connection, transaction, subjectKey, subjectId.Value, cancellationToken);
                    created++;
                }
                await LinkAsync(connection, transaction, envelope.Id, subjectId.Value, "linkage-key", 1, null, at, cancellationToken);
            }

            // Downstream consumers of the index's changes are told to forget what the consent let them learn.
            if (envelope.Kind == RecordKind.Consent && subjectId is { } consenting && IsWithdrawn(envelope.Record))
                await SubjectOperations.ChangeAsync(connection, transaction, "consent.withdrawn", consenting, null, envelope.Id, at, cancellationToken);

            // The upsert changes no row when a newer version is already in force.
            var inForce = await connection.ExecuteAsync(new CommandDefinition(CurrentSql, new
            {
                Kind = envelope.Kind.Name(),
                envelope.SourceOrganisation,
                envelope.SourceRecordId,
                EnvelopeId = envelope.Id,
                SubjectId = subjectId,
                ReceivedAt = envelope.ReceivedAt.UtcDateTime,
                Record = record,
            }, transaction, cancellationToken: cancellationToken));
            await WithdrawalPurge.ApplyAsync(connection, transaction, envelope, subjectId, at, cancellationToken);
            if (envelope.Kind == RecordKind.Vacancy && inForce > 0)
                await VacancyDeduplication.AssignAsync(connection, transaction, envelope, at, cancellationToken);
            merged++;
        }

        if (merged > 0)
            await ApplyPendingDecisionsAsync(connection, transaction, at, cancellationToken);

        foreach (var (topic, partition) in touched)
        {
            var offset = next[(topic, partition)];
            await connection.ExecuteAsync(new CommandDefinition(SavePositionSql,
                new { Topic = topic, Partition = partition, NextOffset = offset, At = at }, transaction, cancellationToken: cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        return new MergeResult(merged, duplicates, already, created);
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

    private static bool IsWithdrawn(System.Text.Json.JsonElement consent) =>
        consent.TryGetProperty("status", out var status) && status.ValueKind == System.Text.Json.JsonValueKind.String && status.GetString() == "withdrawn";

    private static async Task LinkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid envelopeId, long subjectId, string rule, double score,
        string? evidence, DateTime at, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(LinkSql,
            new { EnvelopeId = envelopeId, SubjectId = subjectId, Rule = rule, Score = score, Evidence = evidence, At = at }, transaction, cancellationToken: cancellationToken));
        await SubjectOperations.ChangeAsync(connection, transaction, "record.linked", subjectId, null, envelopeId, at, cancellationToken);
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

    private sealed record PositionRow(string Topic, int Partition, long NextOffset);

    private sealed record PendingRow(string Topic, int Partition, long Offset, string Decision);
}
