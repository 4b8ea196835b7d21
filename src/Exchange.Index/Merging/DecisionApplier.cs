using Dapper;
using Npgsql;

namespace Exchange.Index.Merging;

/// <summary>
/// Applies stewards' decisions to the index inside the merger's transaction. A decision that names
/// a record not merged yet is not applied (the caller keeps it pending); one that no longer fits
/// (a review already decided, a link proven by a linkage key) is consumed without effect — the API
/// refuses such decisions before they reach the log, so this only happens to a decision raced by another.
/// </summary>
internal static class DecisionApplier
{
    // A merge moves the links of the subject merged away to the one that survives.
    private const string SubjectOfSql = "select subject_id from links where envelope_id = @EnvelopeId";

    private const string RecordSql = """
        select e.kind as Kind, e.source_organisation as SourceOrganisation, e.source_record_id as SourceRecordId, e.subject_key as SubjectKey, l.rule as Rule
        from record_envelope e join links l on l.envelope_id = e.id where e.id = @EnvelopeId
        """;

    private const string DecideReviewSql = """
        update reviews set state = @State, decided_by = @DecidedBy, decided_at = @At
        where envelope_id = @EnvelopeId and candidate_envelope_id = @OtherEnvelopeId and state = 'open'
        """;

    private const string StewardLinkSql = "update links set rule = 'steward', decided_by = 'steward', decided_at = @At where envelope_id = @EnvelopeId";

    private const string DistinctSql = """
        insert into distinct_pairs (source_organisation, source_record_id, subject_id, decided_by, decided_at)
        values (@SourceOrganisation, @SourceRecordId, @SubjectId, @DecidedBy, @At) on conflict do nothing
        """;

    private const string SplitSql = """
        update links set subject_id = @Into, rule = 'steward', decided_by = 'steward', decided_at = @At
          where envelope_id in (select id from record_envelope where kind = @Kind and source_organisation = @SourceOrganisation and source_record_id = @SourceRecordId);
        update current_records set subject_id = @Into where kind = @Kind and source_organisation = @SourceOrganisation and source_record_id = @SourceRecordId;
        update resolution_records set subject_id = @Into
          where envelope_id in (select id from record_envelope where kind = @Kind and source_organisation = @SourceOrganisation and source_record_id = @SourceRecordId);
        update subject_keys set subject_id = @Into where subject_key = @SubjectKey;
        update subjects set version = version + 1, updated_at = @At where subject_id = @From;
        update reviews set state = 'superseded', decided_at = @At
          where state = 'open' and envelope_id in (select id from record_envelope where kind = @Kind and source_organisation = @SourceOrganisation and source_record_id = @SourceRecordId);
        """;

    /// <summary>Applies the decision; false when a record it names is not in the index yet.</summary>
    public static async Task<bool> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StewardDecision decision, DateTime at,
        CancellationToken cancellationToken)
    {
        var subject = await SubjectOfAsync(connection, transaction, decision.EnvelopeId, cancellationToken);
        if (subject is null)
            return false;
        var steward = decision.StewardOrganisation;
        switch (decision.Action)
        {
            case StewardDecision.Actions.AcceptReview:
            {
                if (await SubjectOfAsync(connection, transaction, decision.OtherEnvelopeId!.Value, cancellationToken) is not { } other)
                    return false;
                if (other != subject.Value && !await SubjectOperations.MayMergeAsync(connection, transaction, [subject.Value, other], cancellationToken))
                    return true;
                var decided = await connection.ExecuteAsync(new CommandDefinition(DecideReviewSql,
                    new { State = "accepted", DecidedBy = steward, At = at, decision.EnvelopeId, decision.OtherEnvelopeId }, transaction, cancellationToken: cancellationToken));
                if (decided == 0)
                    return true;
                if (other != subject.Value)
                    await SubjectOperations.MergeAsync(connection, transaction, [subject.Value, other], at, cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(StewardLinkSql, new { At = at, decision.EnvelopeId }, transaction, cancellationToken: cancellationToken));
                return true;
            }
            case StewardDecision.Actions.RejectReview:
            {
                if (await SubjectOfAsync(connection, transaction, decision.OtherEnvelopeId!.Value, cancellationToken) is not { } other)
                    return false;
                var decided = await connection.ExecuteAsync(new CommandDefinition(DecideReviewSql,
                    new { State = "rejected", DecidedBy = steward, At = at, decision.EnvelopeId, decision.OtherEnvelopeId }, transaction, cancellationToken: cancellationToken));
                if (decided == 0)
                    return true;
                var record = await RecordAsync(connection, transaction, decision.EnvelopeId, cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(DistinctSql,
                    new { record.SourceOrganisation, record.SourceRecordId, SubjectId = other, DecidedBy = steward, At = at }, transaction, cancellationToken: cancellationToken));
                return true;
            }
            case StewardDecision.Actions.SplitLink:
            {
                var record = await RecordAsync(connection, transaction, decision.EnvelopeId, cancellationToken);
                if (record.Rule == "linkage-key")
                    return true;
                // The split may move the key away: the change names the subject as it was known before.
                var fromKey = await SubjectOperations.KeyOfAsync(connection, transaction, subject.Value, cancellationToken);
                var split = await SubjectOperations.CreateAsync(connection, transaction, at, cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(SplitSql, new
                {
                    Into = split,
                    From = subject.Value,
                    record.Kind,
                    record.SourceOrganisation,
                    record.SourceRecordId,
                    record.SubjectKey,
                    At = at,
                }, transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(DistinctSql,
                    new { record.SourceOrganisation, record.SourceRecordId, SubjectId = subject.Value, DecidedBy = steward, At = at }, transaction, cancellationToken: cancellationToken));
                await SubjectOperations.ChangeAsync(connection, transaction, "subject.split", split, subject.Value, decision.EnvelopeId, at, cancellationToken, fromKey);
                return true;
            }
            default:
                return true;
        }
    }

    private static Task<long?> SubjectOfAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid envelopeId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long?>(new CommandDefinition(SubjectOfSql, new { EnvelopeId = envelopeId }, transaction, cancellationToken: cancellationToken));

    private static Task<RecordRow> RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid envelopeId, CancellationToken cancellationToken) =>
        connection.QuerySingleAsync<RecordRow>(new CommandDefinition(RecordSql, new { EnvelopeId = envelopeId }, transaction, cancellationToken: cancellationToken));

    private sealed record RecordRow(string Kind, string SourceOrganisation, string SourceRecordId, string? SubjectKey, string Rule);
}
