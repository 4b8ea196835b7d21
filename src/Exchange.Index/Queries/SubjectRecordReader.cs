using System.Text.Json;
using Dapper;
using Npgsql;

namespace Exchange.Index.Queries;

/// <summary>One stored record of a subject: its kind, who sent it, and the pseudonymised record.</summary>
public sealed record SubjectRecord(string Kind, string SourceOrganisation, string SourceRecordId, DateTimeOffset ReceivedAt, JsonElement Record);

/// <summary>Reads the records stored for one subject, by linkage key.</summary>
public sealed class SubjectRecordReader(NpgsqlDataSource dataSource)
{
    // The latest version of each source record: a re-sent record with new content supersedes the old.
    private const string LatestBySubjectSql = """
        select distinct on (kind, source_organisation, source_record_id)
               kind, source_organisation as SourceOrganisation, source_record_id as SourceRecordId,
               received_at as ReceivedAt, record::text as RecordJson
        from record_envelope
        where subject_key = @SubjectKey
        order by kind, source_organisation, source_record_id, received_at desc
        """;

    /// <summary>The latest version of every record of the subject, in kind order.</summary>
    public async Task<IReadOnlyList<SubjectRecord>> LatestBySubjectAsync(string subjectKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(LatestBySubjectSql, new { SubjectKey = subjectKey }, cancellationToken: cancellationToken));
        return rows.Select(r =>
        {
            using var document = JsonDocument.Parse(r.RecordJson);
            return new SubjectRecord(r.Kind, r.SourceOrganisation, r.SourceRecordId, new DateTimeOffset(r.ReceivedAt, TimeSpan.Zero), document.RootElement.Clone());
        }).ToList();
    }

    // Npgsql reads timestamptz as a UTC DateTime.
    private sealed record Row(string Kind, string SourceOrganisation, string SourceRecordId, DateTime ReceivedAt, string RecordJson);
}
