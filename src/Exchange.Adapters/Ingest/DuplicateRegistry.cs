using Dapper;
using Exchange.Core.Model;
using Npgsql;

namespace Exchange.Adapters.Ingest;

/// <summary>
/// Remembers which records were appended to the log, by (source organisation, source record id,
/// content hash), in the <c>ingest.seen_records</c> table. The pipeline asks it first and tells
/// it only after an append succeeded, so "seen" always means "in the log". It also answers which
/// organisation holds a graduate record for a subject, for the custodian rule of consent writes.
/// </summary>
/// <param name="dataSource">A data source whose search path is the <c>ingest</c> schema, migrated.</param>
public sealed class DuplicateRegistry(NpgsqlDataSource dataSource)
{
    /// <summary>Identities per round trip; keeps parameter arrays and statements bounded.</summary>
    public const int BatchSize = 1_000;

    private const string FindSql = """
        select s.source_organisation as SourceOrganisation, s.source_record_id as SourceRecordId, s.content_hash as ContentHash,
               s.envelope_id as EnvelopeId
        from seen_records s
        join unnest(@organisations, @recordIds, @hashes) as q(source_organisation, source_record_id, content_hash)
          on s.source_organisation = q.source_organisation
         and s.source_record_id = q.source_record_id
         and s.content_hash = q.content_hash
        """;

    private const string MarkSql = """
        insert into seen_records (source_organisation, source_record_id, content_hash, kind, subject_key, envelope_id)
        select * from unnest(@organisations, @recordIds, @hashes, @kinds, @subjectKeys, @envelopeIds)
        on conflict do nothing
        """;

    /// <summary>Whether an organisation holds a graduate record of a subject; parameters <c>@SubjectKey</c> and <c>@Organisation</c>.</summary>
    internal const string HoldsGraduateSql = """
        select exists (select 1 from seen_records where kind = 'graduate' and subject_key = @SubjectKey and source_organisation = @Organisation)
        """;

    /// <summary>
    /// The identities among <paramref name="identities"/> already appended, each with the envelope
    /// id it was appended with (null for a record registered before the registry kept them).
    /// </summary>
    public async Task<IReadOnlyDictionary<RecordIdentity, Guid?>> FindSeenAsync(IReadOnlyCollection<RecordIdentity> identities, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<RecordIdentity, Guid?>();
        if (identities.Count == 0)
            return seen;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var chunk in identities.Chunk(BatchSize))
        {
            var rows = await connection.QueryAsync<SeenRow>(new CommandDefinition(FindSql, Arrays(chunk), cancellationToken: cancellationToken));
            foreach (var row in rows)
                seen[new RecordIdentity(row.SourceOrganisation, row.SourceRecordId, row.ContentHash)] = row.EnvelopeId;
        }
        return seen;
    }

    /// <summary>Records appended records as seen; ones already recorded are left as they are.</summary>
    public async Task MarkSeenAsync(IReadOnlyCollection<SeenRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
            return;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var chunk in records.Chunk(BatchSize))
        {
            var arguments = new
            {
                organisations = chunk.Select(r => r.Identity.SourceOrganisation).ToArray(),
                recordIds = chunk.Select(r => r.Identity.SourceRecordId).ToArray(),
                hashes = chunk.Select(r => r.Identity.ContentHash).ToArray(),
                kinds = chunk.Select(r => r.Kind.Name()).ToArray(),
                subjectKeys = chunk.Select(r => r.SubjectKey).ToArray(),
                envelopeIds = chunk.Select(r => r.EnvelopeId).ToArray(),
            };
            await connection.ExecuteAsync(new CommandDefinition(MarkSql, arguments, cancellationToken: cancellationToken));
        }
    }

    /// <summary>True when <paramref name="organisation"/> has a graduate record of the subject in the log.</summary>
    public async Task<bool> HoldsGraduateAsync(string organisation, string subjectKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            HoldsGraduateSql, new { Organisation = organisation, SubjectKey = subjectKey }, cancellationToken: cancellationToken));
    }

    private static object Arrays(RecordIdentity[] chunk) => new
    {
        organisations = chunk.Select(i => i.SourceOrganisation).ToArray(),
        recordIds = chunk.Select(i => i.SourceRecordId).ToArray(),
        hashes = chunk.Select(i => i.ContentHash).ToArray(),
    };

    private sealed record SeenRow(string SourceOrganisation, string SourceRecordId, string ContentHash, Guid? EnvelopeId);
}
