using Dapper;
using Npgsql;

namespace Exchange.Index.Merging;

/// <summary>
/// The changes to subjects, each with its change event in the caller's transaction: create, link,
/// merge (the older id survives, the other is kept as merged into it) and split (the split-off
/// source record gets a new id). Ids are never renumbered and never reused.
/// </summary>
internal static class SubjectOperations
{
    private const string NewSubjectSql = "insert into subjects (created_at, updated_at) values (@At, @At) returning subject_id";

    private const string ChangeSql = """
        insert into index_changes (kind, subject_id, from_subject_id, envelope_id, from_subject_key, at)
        values (@Kind, @SubjectId, @FromSubjectId, @EnvelopeId, @FromSubjectKey, @At)
        """;

    private const string KeyOfSql = "select min(subject_key) from subject_keys where subject_id = @SubjectId";

    private const string MergeSql = """
        update subjects set state = 'merged', merged_into = @Into, version = version + 1, updated_at = @At where subject_id = @From;
        update subjects set version = version + 1, updated_at = @At where subject_id = @Into;
        update subject_keys set subject_id = @Into where subject_id = @From;
        update links set subject_id = @Into where subject_id = @From;
        update current_records set subject_id = @Into where subject_id = @From;
        update resolution_records set subject_id = @Into where subject_id = @From;
        update reviews set state = 'superseded', decided_at = @At
          where state = 'open' and ((subject_id = @From and candidate_subject_id = @Into) or (subject_id = @Into and candidate_subject_id = @From));
        update reviews set subject_id = @Into where subject_id = @From and state = 'open';
        update reviews set candidate_subject_id = @Into where candidate_subject_id = @From and state = 'open';
        """;

    private const string SubjectOfKeySql = "select subject_id from subject_keys where subject_key = @SubjectKey";

    private const string NewKeySql = "insert into subject_keys (subject_key, subject_id) values (@SubjectKey, @SubjectId)";

    private const string KeysOfSql = "select subject_key from subject_keys where subject_id = any(@Ids)";

    public static async Task<long> CreateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTime at, CancellationToken cancellationToken)
    {
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(NewSubjectSql, new { At = at }, transaction, cancellationToken: cancellationToken));
        await ChangeAsync(connection, transaction, "subject.created", id, null, null, at, cancellationToken);
        return id;
    }

    /// <summary>
    /// A change event. The subjects' linkage keys are written with it (migration 0007): pass
    /// <paramref name="fromSubjectKey"/> when the change moved the from-subject's key away, else it is read as it stands.
    /// </summary>
    public static Task ChangeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string kind, long subjectId, long? fromSubjectId, Guid? envelopeId,
        DateTime at, CancellationToken cancellationToken, string? fromSubjectKey = null) =>
        connection.ExecuteAsync(new CommandDefinition(ChangeSql,
            new { Kind = kind, SubjectId = subjectId, FromSubjectId = fromSubjectId, EnvelopeId = envelopeId, FromSubjectKey = fromSubjectKey, At = at },
            transaction, cancellationToken: cancellationToken));

    /// <summary>The subject's linkage key, or null for a subject known by none.</summary>
    public static Task<string?> KeyOfAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long subjectId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<string?>(new CommandDefinition(KeyOfSql, new { SubjectId = subjectId }, transaction, cancellationToken: cancellationToken));

    /// <summary>The subject a linkage key names, or null when the index has not met the key.</summary>
    public static Task<long?> SubjectOfKeyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string subjectKey, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long?>(new CommandDefinition(SubjectOfKeySql, new { SubjectKey = subjectKey }, transaction, cancellationToken: cancellationToken));

    /// <summary>Records that the key names the subject.</summary>
    public static Task AddKeyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string subjectKey, long subjectId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(NewKeySql, new { SubjectKey = subjectKey, SubjectId = subjectId }, transaction, cancellationToken: cancellationToken));

    /// <summary>True when the subjects may be one person: at most one linkage key among them (two keys are two resident ids).</summary>
    public static async Task<bool> MayMergeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<long> subjects, CancellationToken cancellationToken)
    {
        var keys = await connection.QueryAsync<string>(new CommandDefinition(KeysOfSql, new { Ids = subjects.ToArray() }, transaction, cancellationToken: cancellationToken));
        return keys.Distinct(StringComparer.Ordinal).Count() <= 1;
    }

    /// <summary>Merges the subjects into the oldest of them (the smallest id); returns it.</summary>
    public static async Task<long> MergeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<long> subjects, DateTime at,
        CancellationToken cancellationToken)
    {
        var into = subjects.Min();
        foreach (var from in subjects.Where(s => s != into).Distinct().Order())
        {
            // The merge moves the key away: the change names the subject as it was known before.
            var fromKey = await KeyOfAsync(connection, transaction, from, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(MergeSql, new { From = from, Into = into, At = at }, transaction, cancellationToken: cancellationToken));
            await ChangeAsync(connection, transaction, "subject.merged", into, from, null, at, cancellationToken, fromKey);
        }
        return into;
    }
}
