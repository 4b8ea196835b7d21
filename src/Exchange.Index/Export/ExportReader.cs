using System.Runtime.CompilerServices;
using System.Text.Json;
using Dapper;
using Exchange.Index.Queries;
using Npgsql;

namespace Exchange.Index.Export;

/// <summary>
/// Reads the merged index for bulk export a page at a time, by keyset (subject id; sender and
/// record id; change sequence), so an export of a million graduates holds one page in memory and
/// each page costs the same however deep into the index it is. Only records received by the
/// export's transaction time are read, and with a since instant only those received after it.
/// </summary>
public sealed class ExportReader(NpgsqlDataSource dataSource)
{
    // The page of subjects first, then their records: a subject's records never straddle two pages.
    private const string SubjectPageSql = """
        with page as (
          select distinct c.subject_id
          from current_records c
          where c.kind = any(@Kinds) and c.subject_id > @After
            and (@Since::timestamptz is null or c.received_at > @Since) and c.received_at <= @Until
          order by c.subject_id
          limit @Limit)
        select p.subject_id as SubjectId, k.subject_key as SubjectKey, c.kind as Kind, c.source_organisation as SourceOrganisation,
               c.source_record_id as SourceRecordId, c.received_at as ReceivedAt, c.record::text as RecordJson
        from page p
        join current_records c on c.subject_id = p.subject_id and c.kind = any(@Kinds)
          and (@Since::timestamptz is null or c.received_at > @Since) and c.received_at <= @Until
        left join lateral (select min(subject_key) as subject_key from subject_keys where subject_id = p.subject_id) k on true
        order by p.subject_id, c.kind, c.source_organisation, c.source_record_id
        """;

    private const string VacancyPageSql = """
        select c.kind as Kind, c.source_organisation as SourceOrganisation, c.source_record_id as SourceRecordId,
               c.received_at as ReceivedAt, c.record::text as RecordJson
        from current_records c
        where c.kind = 'vacancy' and (c.source_organisation, c.source_record_id) > (@AfterOrganisation, @AfterRecord)
          and (@Since::timestamptz is null or c.received_at > @Since) and c.received_at <= @Until
        order by c.source_organisation, c.source_record_id
        limit @Limit
        """;

    // A consent withdrawal concerns only its grantee (organisation or role); an erasure every
    // holder of a copy. A withdrawal whose envelope is not at hand is kept: the release service
    // still tells only those that were given the subject's data.
    private const string WithdrawalPageSql = """
        with page as (
          select ch.sequence, ch.kind, ch.at, ch.subject_id
          from index_changes ch
          left join record_envelope e on e.id = ch.envelope_id
          where ch.sequence > @After and ch.at > @Since and ch.at <= @Until
            and (ch.kind = 'subject.purged'
                 or (ch.kind = 'consent.withdrawn'
                     and (e.id is null or e.record->'grantee'->>'organisationCreditCode' = @Organisation or e.record->'grantee'->>'role' = @Role)))
          order by ch.sequence
          limit @Limit)
        select p.sequence as Sequence, p.kind as Change, p.at as At, k.subject_key as SubjectKey
        from page p
        join subjects s on s.subject_id = p.subject_id
        left join subject_keys k on k.subject_id = coalesce(s.merged_into, s.subject_id)
        order by p.sequence, k.subject_key
        """;

    /// <summary>Subjects with records of <paramref name="kinds"/>, a page of at most <paramref name="pageSize"/> subjects at a time; a subject without a linkage key is never released and is left out.</summary>
    public async IAsyncEnumerable<IReadOnlyList<ExportSubject>> ReadSubjectsAsync(IReadOnlyCollection<string> kinds, DateTimeOffset? since, DateTimeOffset until,
        int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        long after = 0;
        while (true)
        {
            List<SubjectRow> rows;
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                rows = (await connection.QueryAsync<SubjectRow>(new CommandDefinition(SubjectPageSql, new
                {
                    Kinds = kinds.ToArray(), After = after, Since = since?.UtcDateTime, Until = until.UtcDateTime, Limit = pageSize,
                }, cancellationToken: cancellationToken))).ToList();
            }
            if (rows.Count == 0)
                yield break;
            after = rows[^1].SubjectId;
            yield return [.. rows.Where(r => r.SubjectKey is not null).GroupBy(r => r.SubjectId)
                .Select(g => new ExportSubject(g.First().SubjectKey!, [.. g.Select(r => ToRecord(r.Kind, r.SourceOrganisation, r.SourceRecordId, r.ReceivedAt, r.RecordJson))]))];
        }
    }

    /// <summary>Vacancies in force, a page of at most <paramref name="pageSize"/> at a time, by sender and record id.</summary>
    public async IAsyncEnumerable<IReadOnlyList<SubjectRecord>> ReadVacanciesAsync(DateTimeOffset? since, DateTimeOffset until, int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (afterOrganisation, afterRecord) = ("", "");
        while (true)
        {
            List<RecordRow> rows;
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                rows = (await connection.QueryAsync<RecordRow>(new CommandDefinition(VacancyPageSql, new
                {
                    AfterOrganisation = afterOrganisation, AfterRecord = afterRecord, Since = since?.UtcDateTime, Until = until.UtcDateTime, Limit = pageSize,
                }, cancellationToken: cancellationToken))).ToList();
            }
            if (rows.Count == 0)
                yield break;
            (afterOrganisation, afterRecord) = (rows[^1].SourceOrganisation, rows[^1].SourceRecordId);
            yield return [.. rows.Select(r => ToRecord(r.Kind, r.SourceOrganisation, r.SourceRecordId, r.ReceivedAt, r.RecordJson))];
        }
    }

    /// <summary>
    /// Subjects that withdrew a consent naming <paramref name="organisation"/> or <paramref name="role"/>, or had
    /// fields erased, after <paramref name="since"/> and by <paramref name="until"/>, in the order the merger recorded it.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<ExportWithdrawal>> ReadWithdrawalsAsync(string organisation, string role, DateTimeOffset since, DateTimeOffset until,
        int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long after = 0;
        while (true)
        {
            List<WithdrawalRow> rows;
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                rows = (await connection.QueryAsync<WithdrawalRow>(new CommandDefinition(WithdrawalPageSql, new
                {
                    After = after, Since = since.UtcDateTime, Until = until.UtcDateTime, Organisation = organisation, Role = role, Limit = pageSize,
                }, cancellationToken: cancellationToken))).ToList();
            }
            if (rows.Count == 0)
                yield break;
            after = rows[^1].Sequence;
            yield return [.. rows.GroupBy(r => r.Sequence).Where(g => g.Any(r => r.SubjectKey is not null))
                .Select(g => new ExportWithdrawal(g.First().Change, new DateTimeOffset(g.First().At, TimeSpan.Zero), [.. g.Select(r => r.SubjectKey!).Where(k => k is not null)]))];
        }
    }

    private static SubjectRecord ToRecord(string kind, string organisation, string recordId, DateTime receivedAt, string json) =>
        new(kind, organisation, recordId, new DateTimeOffset(receivedAt, TimeSpan.Zero), JsonElement.Parse(json));

    // Npgsql reads timestamptz as a UTC DateTime.
    private sealed record SubjectRow(long SubjectId, string? SubjectKey, string Kind, string SourceOrganisation, string SourceRecordId, DateTime ReceivedAt, string RecordJson);

    private sealed record RecordRow(string Kind, string SourceOrganisation, string SourceRecordId, DateTime ReceivedAt, string RecordJson);

    private sealed record WithdrawalRow(long Sequence, string Change, DateTime At, string? SubjectKey);
}
