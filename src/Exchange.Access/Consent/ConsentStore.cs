using Dapper;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Core.Validation;
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

    private const string ExistsSql = "select exists (select 1 from consent where source_organisation = @SourceOrganisation and source_record_id = @SourceRecordId)";

    private const string OutboxSql = """
        insert into consent_change (subject_key, grantee_organisation, grantee_role, kind, at, source_organisation, source_record_id)
        values (@SubjectKey, @GranteeOrganisation, @GranteeRole, 'withdrawn', @At, @SourceOrganisation, @SourceRecordId)
        """;

    private const string BySubjectSql = $"select {ConsentRow.Columns} from consent where subject_key = @SubjectKey order by given_at, source_organisation, source_record_id";

    private const string AllSql = $"select {ConsentRow.Columns} from consent";

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
    public async Task<ConsentUpsertResult> UpsertAsync(ConsentGrant grant, CancellationToken cancellationToken)
    {
        var problems = grant.Problems();
        if (problems.Count > 0)
        {
            return new ConsentUpsertResult(ConsentUpsertStatus.Rejected, problems);
        }

        var incoming = ConsentRow.From(grant);
        incoming.UpdatedAt = _time.GetUtcNow().UtcDateTime;

        // Two senders racing on a new record: the loser's insert does nothing and it retries as an update.
        for (var attempt = 0; ; attempt++)
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var stored = await connection.QuerySingleOrDefaultAsync<ConsentRow>(
                new CommandDefinition(SelectForUpdateSql, incoming, transaction, cancellationToken: cancellationToken));
            ConsentUpsertResult result;
            if (stored is null)
            {
                var inserted = await connection.ExecuteAsync(new CommandDefinition(InsertSql, incoming, transaction, cancellationToken: cancellationToken));
                if (inserted == 0 && attempt == 0)
                {
                    continue;
                }

                // A consent that arrives already withdrawn never released anything here, so it
                // tells no subscriber to forget: a withdrawal binds only the consent it names.
                result = new ConsentUpsertResult(ConsentUpsertStatus.Inserted, [], WithdrawalRecorded: false);
            }
            else if (stored.SameContentAs(incoming))
            {
                return new ConsentUpsertResult(ConsentUpsertStatus.Unchanged, []);
            }
            else if (stored.Status == "withdrawn" && grant.Status == ConsentStatus.Active)
            {
                return new ConsentUpsertResult(ConsentUpsertStatus.Rejected, [Reactivation()]);
            }
            else
            {
                await connection.ExecuteAsync(new CommandDefinition(UpdateSql, incoming, transaction, cancellationToken: cancellationToken));
                var withdrawn = stored.Status == "active" && grant.Status == ConsentStatus.Withdrawn;
                result = new ConsentUpsertResult(ConsentUpsertStatus.Updated, [], withdrawn);
            }

            if (result.WithdrawalRecorded)
            {
                await WriteOutboxAsync(connection, transaction, incoming, grant.WithdrawnAt!.Value, cancellationToken);
            }

            await Notify(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            OnChanged();
            return result;
        }
    }

    /// <summary>Withdraws a consent from <paramref name="at"/> on and writes the change event, in one transaction.</summary>
    public async Task<ConsentWithdrawStatus> WithdrawAsync(string sourceOrganisation, string sourceRecordId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var when = DatabaseTime.Truncate(at);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var key = new { SourceOrganisation = sourceOrganisation, SourceRecordId = sourceRecordId };
        var row = await connection.QuerySingleOrDefaultAsync<ConsentRow>(new CommandDefinition(
            WithdrawSql, new { key.SourceOrganisation, key.SourceRecordId, At = when.UtcDateTime }, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(ExistsSql, key, transaction, cancellationToken: cancellationToken));
            return exists ? ConsentWithdrawStatus.AlreadyWithdrawn : ConsentWithdrawStatus.NotFound;
        }

        await WriteOutboxAsync(connection, transaction, row, when, cancellationToken);
        await Notify(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        OnChanged();
        return ConsentWithdrawStatus.Withdrawn;
    }

    /// <summary>Every consent of one subject, withdrawn ones included.</summary>
    public async Task<IReadOnlyList<ConsentGrant>> ListBySubjectAsync(string subjectKey, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ConsentRow>(new CommandDefinition(BySubjectSql, new { SubjectKey = subjectKey }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToGrant())];
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

    private static Task Notify(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(PolicyChanges.NotifySql, new { Payload = "consent" }, transaction, cancellationToken: cancellationToken));

    private static Problem Reactivation() => new("/status", ConsentProblemCodes.Reactivation,
        "This consent was withdrawn; renewed consent must be sent as a new consent record.", "该授权已撤回；重新授权须作为新的授权记录提交。");

    private void OnChanged() => Changed?.Invoke(this, EventArgs.Empty);

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
