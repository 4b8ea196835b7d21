using Dapper;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Core.Validation;
using Exchange.Log;
using Npgsql;

namespace Exchange.Access.Consent;

/// <summary>
/// Consents in PostgreSQL, keyed by (source organisation, source record id) so re-sending a
/// consent changes nothing. A withdrawal writes a <c>consent_change</c> outbox row in the same
/// transaction, so subscribers are told to forget if and only if the withdrawal commits.
/// </summary>
public sealed class ConsentStore : IPolicyChangeSource
{
    private const string SelectForUpdateSql = $"""
        select {ConsentRow.Columns} from consent
        where source_organisation = @SourceOrganisation and source_record_id = @SourceRecordId
        for update
        """;

    private const string InsertSql = """
        insert into consent (source_organisation, source_record_id, subject_key, grantee_organisation, grantee_role, purposes, categories,
                             valid_from, valid_through, status, given_at, withdrawn_at, evidence_method, evidence_reference, updated_at)
        values (@SourceOrganisation, @SourceRecordId, @SubjectKey, @GranteeOrganisation, @GranteeRole, @Purposes, @Categories,
                @ValidFrom::date, @ValidThrough::date, @Status, @GivenAt, @WithdrawnAt, @EvidenceMethod, @EvidenceReference, @UpdatedAt)
        on conflict (source_organisation, source_record_id) do nothing
        """;

    private const string UpdateSql = """
        update consent set subject_key = @SubjectKey, grantee_organisation = @GranteeOrganisation, grantee_role = @GranteeRole,
          purposes = @Purposes, categories = @Categories, valid_from = @ValidFrom::date, valid_through = @ValidThrough::date,
          status = @Status, given_at = @GivenAt, withdrawn_at = @WithdrawnAt, evidence_method = @EvidenceMethod,
          evidence_reference = @EvidenceReference, updated_at = @UpdatedAt
        where source_organisation = @SourceOrganisation and source_record_id = @SourceRecordId
        """;

    private const string WithdrawSql = $"""
        update consent set status = 'withdrawn', withdrawn_at = @At, updated_at = @At
        where source_organisation = @SourceOrganisation and source_record_id = @SourceRecordId and status = 'active'
        returning {ConsentRow.Columns}
        """;

    // The consent row as it now stands becomes the next version; the row is locked by the change just made.
    private const string RecordVersionSql = """
        insert into consent_version (source_organisation, source_record_id, version, change, recorded_at, subject_key, grantee_organisation, grantee_role,
                                     purposes, categories, valid_from, valid_through, status, given_at, withdrawn_at, evidence_method, evidence_reference)
        select c.source_organisation, c.source_record_id,
               coalesce((select max(v.version) from consent_version v
                         where v.source_organisation = c.source_organisation and v.source_record_id = c.source_record_id), 0) + 1,
               @Change, c.updated_at, c.subject_key, c.grantee_organisation, c.grantee_role, c.purposes, c.categories, c.valid_from, c.valid_through,
               c.status, c.given_at, c.withdrawn_at, c.evidence_method, c.evidence_reference
        from consent c where c.source_organisation = @SourceOrganisation and c.source_record_id = @SourceRecordId
        """;

    private const string VersionsSql = $"""
        select version as Number, change as Change, recorded_at as RecordedAt, {ConsentRow.Columns}
        from consent_version where source_organisation = @SourceOrganisation and source_record_id = @SourceRecordId
        order by version desc
        """;

    private const string ExistsSql = "select exists (select 1 from consent where source_organisation = @SourceOrganisation and source_record_id = @SourceRecordId)";

    private const string OutboxSql = """
        insert into consent_change (subject_key, grantee_organisation, grantee_role, kind, at, source_organisation, source_record_id)
        values (@SubjectKey, @GranteeOrganisation, @GranteeRole, 'withdrawn', @At, @SourceOrganisation, @SourceRecordId)
        """;

    private const string BySubjectSql = $"select {ConsentRow.Columns} from consent where subject_key = @SubjectKey order by given_at, source_organisation, source_record_id";

    private const string AllSql = $"select {ConsentRow.Columns} from consent";

    private const string FindSql = $"select {ConsentRow.Columns} from consent where source_organisation = @SourceOrganisation and source_record_id = @SourceRecordId";

    private const string PositionsSql = """
        select topic as Topic, partition as Partition, next_offset as NextOffset, last_message as LastMessage from projection_positions where projection = @Projection
        """;

    private const string SavePositionSql = """
        insert into projection_positions (projection, topic, partition, next_offset, last_message, updated_at)
        values (@Projection, @Topic, @Partition, @NextOffset, @LastMessage, @At)
        on conflict (projection, topic, partition) do update
          set next_offset = excluded.next_offset, last_message = excluded.last_message, updated_at = excluded.updated_at
        """;

    private const string StartOverSql = "delete from projection_positions where projection = @Projection and topic = @Topic and partition = @Partition";

    private const string ChangesSql = """
        select sequence as Sequence, subject_key as SubjectKey, grantee_organisation as GranteeOrganisation, grantee_role as GranteeRole,
               kind as Kind, at as At, source_organisation as SourceOrganisation, source_record_id as SourceRecordId
        from consent_change where sequence > @After order by sequence limit @Limit
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    public ConsentStore(NpgsqlDataSource dataSource, TimeProvider? time = null)
    {
        _dataSource = dataSource;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public event EventHandler? Changed;

    /// <summary>
    /// Stores the grant, replacing an earlier version of the same record. Idempotent: the same
    /// content again is <see cref="ConsentUpsertStatus.Unchanged"/>. Only a version that withdraws
    /// this very consent, stored active before, writes the change event; a consent first seen
    /// already withdrawn is kept as history and tells no one to forget. A version that
    /// re-activates a withdrawn consent is rejected, since renewed consent is a new consent (PIPL art. 14).
    /// </summary>
    /// <remarks>In the hub only the consent projection writes, through <see cref="ApplyAsync"/>; this is for tools and tests.</remarks>
    public async Task<ConsentUpsertResult> UpsertAsync(ConsentGrant grant, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await UpsertInAsync(connection, transaction, grant, cancellationToken);
        if (result.Status is ConsentUpsertStatus.Inserted or ConsentUpsertStatus.Updated)
        {
            await Notify(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            OnChanged();
        }
        return result;
    }

    /// <summary>Withdraws a consent from <paramref name="at"/> on and writes the change event, in one transaction.</summary>
    /// <remarks>In the hub only the consent projection writes, through <see cref="ApplyAsync"/>; this is for tools and tests.</remarks>
    public async Task<ConsentWithdrawStatus> WithdrawAsync(string sourceOrganisation, string sourceRecordId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var status = await WithdrawInAsync(connection, transaction, sourceOrganisation, sourceRecordId, at, cancellationToken);
        if (status == ConsentWithdrawStatus.Withdrawn)
        {
            await Notify(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            OnChanged();
        }
        return status;
    }

    /// <summary>
    /// Applies what the consent projection read from the log, in one transaction with the
    /// projection's position in each partition: an entry at or after the position is applied and
    /// the position moves past it; one before it was applied already (a redelivery after a crash)
    /// and is skipped. Each entry's outcome comes back in order.
    /// </summary>
    public async Task<IReadOnlyList<ConsentApplied>> ApplyAsync(string projection, IReadOnlyList<ConsentLogEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var outcomes = new List<ConsentApplied>(entries.Count);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = (await connection.QueryAsync<PositionRow>(new CommandDefinition(PositionsSql, new { Projection = projection }, transaction, cancellationToken: cancellationToken)))
            .ToList();
        var next = stored.ToDictionary(r => (r.Topic, r.Partition), r => r.NextOffset);
        var last = stored.ToDictionary(r => (r.Topic, r.Partition), r => r.LastMessage);
        var changed = false;
        foreach (var entry in entries)
        {
            var key = (entry.Position.Topic, entry.Position.Partition);
            if (entry.Position.Offset < next.GetValueOrDefault(key))
            {
                outcomes.Add(new ConsentApplied(entry, ConsentAppliedStatus.AlreadyApplied, []));
                continue;
            }

            ConsentApplied outcome = entry switch
            {
                ConsentLogEntry.Version version => Outcome(version, await UpsertInAsync(connection, transaction, version.Grant, cancellationToken)),
                ConsentLogEntry.Withdrawal withdrawal => Outcome(withdrawal, await WithdrawInAsync(
                    connection, transaction, withdrawal.SourceOrganisation, withdrawal.SourceRecordId, withdrawal.At, cancellationToken)),
                _ => throw new ArgumentException($"Unknown entry {entry.GetType().Name}.", nameof(entries)),
            };
            changed |= outcome.Status == ConsentAppliedStatus.Applied;
            outcomes.Add(outcome);
            next[key] = entry.Position.Offset + 1;
            last[key] = entry.MessageId;
        }

        foreach (var ((topic, partition), offset) in next)
        {
            await connection.ExecuteAsync(new CommandDefinition(SavePositionSql,
                new { Projection = projection, Topic = topic, Partition = partition, NextOffset = offset, LastMessage = last.GetValueOrDefault((topic, partition)),
                    At = _time.GetUtcNow().UtcDateTime },
                transaction, cancellationToken: cancellationToken));
        }
        if (changed)
            await Notify(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (changed)
            OnChanged();
        return outcomes;
    }

    /// <summary>
    /// Where the projection stands: in each partition it has applied from, the next offset to apply
    /// and the identity of the message it applied last (null where that was not kept).
    /// </summary>
    public async Task<IReadOnlyDictionary<(string Topic, int Partition), (long Next, string? LastMessage)>> PositionsAsync(string projection,
        CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<PositionRow>(new CommandDefinition(PositionsSql, new { Projection = projection }, cancellationToken: cancellationToken)))
            .ToDictionary(r => (r.Topic, r.Partition), r => (r.NextOffset, r.LastMessage));
    }

    /// <summary>Forgets where the projection stands in one partition, so that it applies the partition from its start.</summary>
    public async Task StartOverAsync(string projection, string topic, int partition, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(StartOverSql, new { Projection = projection, Topic = topic, Partition = partition },
            cancellationToken: cancellationToken));
    }

    /// <summary>The stored status of a consent record, or null when there is none.</summary>
    public async Task<ConsentGrant?> FindAsync(string sourceOrganisation, string sourceRecordId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ConsentRow>(new CommandDefinition(
            FindSql, new { SourceOrganisation = sourceOrganisation, SourceRecordId = sourceRecordId }, cancellationToken: cancellationToken));
        return row?.ToGrant();
    }

    private async Task<ConsentUpsertResult> UpsertInAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ConsentGrant grant, CancellationToken cancellationToken)
    {
        var problems = grant.Problems();
        if (problems.Count > 0)
        {
            return new ConsentUpsertResult(ConsentUpsertStatus.Rejected, problems);
        }

        var incoming = ConsentRow.From(grant);
        incoming.UpdatedAt = _time.GetUtcNow().UtcDateTime;
        // The row lock orders two writers of one record; a second insert of a new record waits on
        // the first's key and then finds its row.
        var inserted = await connection.ExecuteAsync(new CommandDefinition(InsertSql, incoming, transaction, cancellationToken: cancellationToken));
        if (inserted == 1)
        {
            await RecordVersionAsync(connection, transaction, incoming.SourceOrganisation, incoming.SourceRecordId, ConsentVersion.Received, cancellationToken);
            // A consent that arrives already withdrawn never released anything here, so it
            // tells no subscriber to forget: a withdrawal binds only the consent it names.
            return new ConsentUpsertResult(ConsentUpsertStatus.Inserted, [], WithdrawalRecorded: false);
        }

        var stored = (await connection.QuerySingleOrDefaultAsync<ConsentRow>(
            new CommandDefinition(SelectForUpdateSql, incoming, transaction, cancellationToken: cancellationToken)))!;
        if (stored.SameContentAs(incoming))
        {
            return new ConsentUpsertResult(ConsentUpsertStatus.Unchanged, []);
        }

        if (stored.Status == "withdrawn" && grant.Status == ConsentStatus.Active)
        {
            return new ConsentUpsertResult(ConsentUpsertStatus.Rejected, [Reactivation()]);
        }

        await connection.ExecuteAsync(new CommandDefinition(UpdateSql, incoming, transaction, cancellationToken: cancellationToken));
        var withdrawn = stored.Status == "active" && grant.Status == ConsentStatus.Withdrawn;
        await RecordVersionAsync(connection, transaction, incoming.SourceOrganisation, incoming.SourceRecordId,
            grant.Status == ConsentStatus.Withdrawn ? ConsentVersion.Withdrawn : ConsentVersion.Revised, cancellationToken);
        if (withdrawn)
        {
            await WriteOutboxAsync(connection, transaction, incoming, grant.WithdrawnAt!.Value, cancellationToken);
        }

        return new ConsentUpsertResult(ConsentUpsertStatus.Updated, [], withdrawn);
    }

    private static async Task<ConsentWithdrawStatus> WithdrawInAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sourceOrganisation, string sourceRecordId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var when = DatabaseTime.Truncate(at);
        var key = new { SourceOrganisation = sourceOrganisation, SourceRecordId = sourceRecordId };
        var row = await connection.QuerySingleOrDefaultAsync<ConsentRow>(new CommandDefinition(
            WithdrawSql, new { key.SourceOrganisation, key.SourceRecordId, At = when.UtcDateTime }, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(ExistsSql, key, transaction, cancellationToken: cancellationToken));
            return exists ? ConsentWithdrawStatus.AlreadyWithdrawn : ConsentWithdrawStatus.NotFound;
        }

        await WriteOutboxAsync(connection, transaction, row, when, cancellationToken);
        await RecordVersionAsync(connection, transaction, sourceOrganisation, sourceRecordId, ConsentVersion.Withdrawn, cancellationToken);
        return ConsentWithdrawStatus.Withdrawn;
    }

    private static ConsentApplied Outcome(ConsentLogEntry entry, ConsentUpsertResult result) => result.Status switch
    {
        ConsentUpsertStatus.Rejected => new ConsentApplied(entry, ConsentAppliedStatus.Refused, result.Problems),
        ConsentUpsertStatus.Unchanged => new ConsentApplied(entry, ConsentAppliedStatus.Unchanged, []),
        _ => new ConsentApplied(entry, ConsentAppliedStatus.Applied, []) { WithdrawalRecorded = result.WithdrawalRecorded, Inserted = result.Status == ConsentUpsertStatus.Inserted },
    };

    private static ConsentApplied Outcome(ConsentLogEntry entry, ConsentWithdrawStatus status) => status switch
    {
        ConsentWithdrawStatus.Withdrawn => new ConsentApplied(entry, ConsentAppliedStatus.Applied, []) { WithdrawalRecorded = true },
        ConsentWithdrawStatus.AlreadyWithdrawn => new ConsentApplied(entry, ConsentAppliedStatus.Unchanged, []),
        _ => new ConsentApplied(entry, ConsentAppliedStatus.Refused, [new Problem("", ConsentProblemCodes.WithdrawalOfUnknown,
            "The withdrawal names no consent the hub holds.", "撤回的授权在平台中不存在。")]),
    };

    /// <summary>Every consent of one subject, withdrawn ones included.</summary>
    public async Task<IReadOnlyList<ConsentGrant>> ListBySubjectAsync(string subjectKey, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ConsentRow>(new CommandDefinition(BySubjectSql, new { SubjectKey = subjectKey }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToGrant())];
    }

    /// <summary>Every version of one consent the store took in, newest first; empty when there is no such consent.</summary>
    public async Task<IReadOnlyList<ConsentVersion>> ListVersionsAsync(string sourceOrganisation, string sourceRecordId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<VersionRow>(new CommandDefinition(VersionsSql,
            new { SourceOrganisation = sourceOrganisation, SourceRecordId = sourceRecordId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new ConsentVersion(r.Number, r.Change, new DateTimeOffset(DateTime.SpecifyKind(r.RecordedAt, DateTimeKind.Utc)), r.ToGrant()))];
    }

    /// <summary>Every consent, for a policy snapshot. Withdrawn ones are kept: they still decide reads dated before the withdrawal.</summary>
    public async Task<IReadOnlyList<ConsentGrant>> ListAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ConsentRow>(new CommandDefinition(AllSql, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToGrant())];
    }

    /// <summary>Outbox entries after <paramref name="afterSequence"/>, oldest first.</summary>
    public async Task<IReadOnlyList<ConsentChange>> ListChangesAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ChangeRow>(
            new CommandDefinition(ChangesSql, new { After = afterSequence, Limit = limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToChange())];
    }

    private static Task WriteOutboxAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ConsentRow row, DateTimeOffset at, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(OutboxSql, new
        {
            row.SubjectKey,
            row.GranteeOrganisation,
            row.GranteeRole,
            At = DatabaseTime.Truncate(at).UtcDateTime,
            row.SourceOrganisation,
            row.SourceRecordId,
        }, transaction, cancellationToken: cancellationToken));

    private static Task RecordVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sourceOrganisation, string sourceRecordId,
        string change, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(RecordVersionSql,
            new { SourceOrganisation = sourceOrganisation, SourceRecordId = sourceRecordId, Change = change }, transaction, cancellationToken: cancellationToken));

    private static Task Notify(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(PolicyChanges.NotifySql, new { Payload = "consent" }, transaction, cancellationToken: cancellationToken));

    private static Problem Reactivation() => new("/status", ConsentProblemCodes.Reactivation,
        "This consent was withdrawn; renewed consent must be sent as a new consent record.", "该授权已撤回；重新授权须作为新的授权记录提交。");

    private void OnChanged() => Changed?.Invoke(this, EventArgs.Empty);

    private sealed class VersionRow : ConsentRow
    {
        public int Number { get; set; }
        public string Change { get; set; } = "";
        public DateTime RecordedAt { get; set; }
    }

    private sealed record PositionRow(string Topic, int Partition, long NextOffset, string? LastMessage);

    private sealed class ChangeRow
    {
        public long Sequence { get; set; }
        public string SubjectKey { get; set; } = "";
        public string? GranteeOrganisation { get; set; }
        public string? GranteeRole { get; set; }
        public string Kind { get; set; } = "";
        public DateTime At { get; set; }
        public string SourceOrganisation { get; set; } = "";
        public string SourceRecordId { get; set; } = "";

        public ConsentChange ToChange() => new(
            Sequence,
            SubjectKey,
            GranteeRole is null ? Grantee.OfOrganisation(GranteeOrganisation!) : Grantee.OfRole(AgreementRow.ParseRole(GranteeRole)),
            Kind,
            new DateTimeOffset(DateTime.SpecifyKind(At, DateTimeKind.Utc)),
            SourceOrganisation,
            SourceRecordId);
    }
}
