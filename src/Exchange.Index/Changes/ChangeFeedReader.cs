using System.Globalization;
using System.Text.Json;
using Dapper;
using Exchange.Core.Model;
using Npgsql;

namespace Exchange.Index.Changes;

/// <summary>
/// Reads the merged index's changes in their one global order, as the change feed carries them:
/// record creates, updates and deletions, erasures, merges, splits and consent withdrawals.
/// Changes no subscriber could be told of (a subject created, a review opened, an old version
/// arriving late) are never read. Nothing here is released: the release service judges each change
/// for each subscriber.
/// </summary>
public sealed class ChangeFeedReader(NpgsqlDataSource dataSource)
{
    // Each kind maps to the feed's type here, in one place; a merged-away subject's records are found at the one it merged into.
    private const string ChangesSql = """
        select c.sequence as Sequence,
               case c.kind when 'record.linked' then 'record.' || c.record_change
                           when 'subject.purged' then 'subject.erased'
                           else c.kind end as Type,
               c.at as At, c.subject_key as SubjectKey, c.from_subject_key as FromSubjectKey,
               coalesce(s.merged_into, c.subject_id) as SubjectId,
               e.kind as RecordKind, e.source_organisation as SourceOrganisation,
               case when c.kind = 'record.linked' then e.record::text end as RecordJson,
               case when e.kind = 'consent' then e.record->>'withdrawnAt' end as WithdrawnAt
        from index_changes c
        left join subjects s on s.subject_id = c.subject_id
        left join record_envelope e on e.id = c.envelope_id
        where c.sequence > @After
          and (c.kind in ('record.deleted', 'subject.purged', 'subject.merged', 'subject.split', 'consent.withdrawn')
               or (c.kind = 'record.linked' and c.record_change is not null))
        order by c.sequence
        limit @Limit
        """;

    private const string SourcesSql = """
        select distinct subject_id as SubjectId, kind as Kind, source_organisation as SourceOrganisation
        from current_records where subject_id = any(@Subjects)
        """;

    // A deletion on erasure happened because of a withdrawal: when the latest one took effect.
    private const string LatestWithdrawalsSql = """
        select subject_id as SubjectId, max(record->>'withdrawnAt') as WithdrawnAt
        from current_records where subject_id = any(@Subjects) and kind = 'consent' and record->>'status' = 'withdrawn'
        group by subject_id
        """;

    /// <summary>At most <paramref name="limit"/> changes after <paramref name="afterSequence"/> (0: from the start), in order.</summary>
    public async Task<IReadOnlyList<IndexChange>> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<ChangeRow>(new CommandDefinition(ChangesSql, new { After = afterSequence, Limit = limit },
            cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0)
            return [];
        var subjects = rows.Select(r => r.SubjectId).Distinct().ToArray();
        var sources = (await connection.QueryAsync<SourceRow>(new CommandDefinition(SourcesSql, new { Subjects = subjects }, cancellationToken: cancellationToken)))
            .GroupBy(s => s.SubjectId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<RecordSource>)[.. g.Select(s => new RecordSource(s.Kind, s.SourceOrganisation))]);
        var deleted = rows.Where(r => r.Type == ChangeTypes.RecordDeleted).Select(r => r.SubjectId).Distinct().ToArray();
        var withdrawals = deleted.Length == 0
            ? new Dictionary<long, string?>()
            : (await connection.QueryAsync<WithdrawalRow>(new CommandDefinition(LatestWithdrawalsSql, new { Subjects = deleted }, cancellationToken: cancellationToken)))
                .ToDictionary(w => w.SubjectId, w => w.WithdrawnAt);
        return [.. rows.Select(r => ToChange(r, sources.GetValueOrDefault(r.SubjectId) ?? [], r.WithdrawnAt ?? withdrawals.GetValueOrDefault(r.SubjectId)))];
    }

    private static IndexChange ToChange(ChangeRow row, IReadOnlyList<RecordSource> sources, string? withdrawnAt)
    {
        ChangedRecord? record = null;
        if (row.RecordKind is { } kind && row.Type is ChangeTypes.RecordCreated or ChangeTypes.RecordUpdated or ChangeTypes.RecordDeleted)
        {
            JsonElement? json = row.RecordJson is { } text ? JsonElement.Parse(text) : null;
            record = new ChangedRecord(kind, row.SourceOrganisation!, json);
        }
        DateTimeOffset? withdrawn = DateTimeOffset.TryParse(withdrawnAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.ToUniversalTime()
            : null;
        return new IndexChange(row.Sequence, row.Type, new DateTimeOffset(row.At, TimeSpan.Zero), row.SubjectKey, row.FromSubjectKey, record, sources, withdrawn);
    }

    // Npgsql reads timestamptz as a UTC DateTime.
    private sealed record ChangeRow(long Sequence, string Type, DateTime At, string? SubjectKey, string? FromSubjectKey, long SubjectId,
        string? RecordKind, string? SourceOrganisation, string? RecordJson, string? WithdrawnAt);

    private sealed record SourceRow(long SubjectId, string Kind, string SourceOrganisation);

    private sealed record WithdrawalRow(long SubjectId, string? WithdrawnAt);
}
