using System.Text.Json;
using Dapper;
using Npgsql;

namespace Exchange.Index.Queries;

/// <summary>One stored record of a subject: its kind, who sent it, and the pseudonymised record.</summary>
public sealed record SubjectRecord(string Kind, string SourceOrganisation, string SourceRecordId, DateTimeOffset ReceivedAt, JsonElement Record);

/// <summary>Reads the merged index's records of one subject, found by a linkage key it is known by.</summary>
public sealed class SubjectRecordReader(NpgsqlDataSource dataSource)
{
    // A merge moves the keys of the subject merged away to the one that survives, so the key
    // names the subject in force.
    private const string LatestBySubjectSql = """
        select c.kind, c.source_organisation as SourceOrganisation, c.source_record_id as SourceRecordId,
               c.received_at as ReceivedAt, c.record::text as RecordJson
        from subject_keys k join current_records c on c.subject_id = k.subject_id
        where k.subject_key = @SubjectKey
        order by c.kind, c.source_organisation, c.source_record_id
        """;

    /// <summary>The latest version of every record of the subject, in kind order.</summary>
    public async Task<IReadOnlyList<SubjectRecord>> LatestBySubjectAsync(string subjectKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(LatestBySubjectSql, new { SubjectKey = subjectKey }, cancellationToken: cancellationToken));
        return rows.Select(r => new SubjectRecord(
            r.Kind, r.SourceOrganisation, r.SourceRecordId, new DateTimeOffset(r.ReceivedAt, TimeSpan.Zero), JsonElement.Parse(r.RecordJson))).ToList();
    }

    // Npgsql reads timestamptz as a UTC DateTime.
    private sealed record Row(string Kind, string SourceOrganisation, string SourceRecordId, DateTime ReceivedAt, string RecordJson);
}
