using System.Text.Json;
using Dapper;
using Npgsql;

namespace Exchange.Index.Queries;

/// <summary>A subject as stewards see it: its state, its records in force, and the golden record with each field's lineage.</summary>
public sealed record SubjectView(long SubjectId, string State, long? MergedInto, int Version, IReadOnlyList<SubjectSource> Records, GoldenRecord Golden);

/// <summary>A record in force of the subject and why it belongs to it.</summary>
public sealed record SubjectSource(Guid EnvelopeId, string Kind, string SourceOrganisation, string SourceRecordId, string LinkRule, double LinkScore, string DecidedBy);

/// <summary>
/// Composes a subject's golden record when it is read, from its records in force: a certification
/// that has expired since the last merge stops counting the day it expires, without a merge.
/// </summary>
public sealed class SubjectGoldenRecords(NpgsqlDataSource database)
{
    private const string SubjectSql = "select subject_id as SubjectId, state as State, merged_into as MergedInto, version as Version from subjects where subject_id = @SubjectId";

    private const string RecordsSql = """
        select c.envelope_id as EnvelopeId, c.kind as Kind, c.source_organisation as SourceOrganisation, c.source_record_id as SourceRecordId,
               l.rule as LinkRule, l.score as LinkScore, l.decided_by as DecidedBy, c.received_at as ReceivedAt, c.record::text as Record
        from current_records c join links l on l.envelope_id = c.envelope_id
        where c.subject_id = @SubjectId
        order by c.kind, c.source_organisation, c.source_record_id
        """;

    /// <summary>The subject, or null when no subject has the id. A merged subject has no records: read the one it was merged into.</summary>
    public async Task<SubjectView?> ReadAsync(long subjectId, DateOnly today, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var subject = await connection.QuerySingleOrDefaultAsync<SubjectRow>(new CommandDefinition(SubjectSql, new { SubjectId = subjectId }, cancellationToken: cancellationToken));
        if (subject is null)
            return null;
        var rows = (await connection.QueryAsync<RecordRow>(new CommandDefinition(RecordsSql, new { SubjectId = subjectId }, cancellationToken: cancellationToken))).ToList();
        var versions = rows.Select(r =>
        {
            using var document = JsonDocument.Parse(r.Record);
            return new SourceVersion(r.EnvelopeId, r.Kind, r.SourceOrganisation, r.SourceRecordId, r.LinkRule,
                new DateTimeOffset(DateTime.SpecifyKind(r.ReceivedAt, DateTimeKind.Utc)), document.RootElement.Clone());
        }).ToList();
        return new SubjectView(subject.SubjectId, subject.State, subject.MergedInto, subject.Version,
            [.. rows.Select(r => new SubjectSource(r.EnvelopeId, r.Kind, r.SourceOrganisation, r.SourceRecordId, r.LinkRule, r.LinkScore, r.DecidedBy))],
            Survivorship.Compose(versions, today));
    }

    private sealed record SubjectRow(long SubjectId, string State, long? MergedInto, int Version);

    private sealed record RecordRow(Guid EnvelopeId, string Kind, string SourceOrganisation, string SourceRecordId, string LinkRule, double LinkScore, string DecidedBy,
        DateTime ReceivedAt, string Record);
}
