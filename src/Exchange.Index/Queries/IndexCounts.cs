using Dapper;
using Npgsql;

namespace Exchange.Index.Queries;

/// <summary>What the merged index holds: subjects, jobs (vacancies deduplicated across channels), and records in force by kind.</summary>
public sealed record IndexCount(long ActiveSubjects, long MergedSubjects, long Jobs, IReadOnlyDictionary<string, long> RecordsByKind);

/// <summary>Counts what the merged index holds, for operators.</summary>
public sealed class IndexCounts(NpgsqlDataSource database)
{
    private const string SubjectsSql = """
        select count(*) filter (where state = 'active') as Active, count(*) filter (where state = 'merged') as Merged, (select count(*) from jobs) as Jobs from subjects
        """;

    private const string RecordsSql = "select kind as Kind, count(*) as Count from current_records group by kind order by kind";

    public async Task<IndexCount> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var subjects = await connection.QuerySingleAsync<SubjectRow>(new CommandDefinition(SubjectsSql, cancellationToken: cancellationToken));
        var records = await connection.QueryAsync<KindRow>(new CommandDefinition(RecordsSql, cancellationToken: cancellationToken));
        return new IndexCount(subjects.Active, subjects.Merged, subjects.Jobs, records.ToDictionary(r => r.Kind, r => r.Count, StringComparer.Ordinal));
    }

    private sealed record SubjectRow(long Active, long Merged, long Jobs);

    private sealed record KindRow(string Kind, long Count);
}
