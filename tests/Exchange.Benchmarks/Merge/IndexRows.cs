using Npgsql;

namespace Exchange.Benchmarks.Merge;

/// <summary>
/// Every row of a merged index, read back in full, for the COPY ceiling to write again. JSON is
/// kept as its UTF-8 text, and the few distinct short strings (kinds, rules, topics) are interned,
/// so that a million records fit in memory comfortably.
/// </summary>
internal sealed class IndexRows
{
    public List<SubjectRow> Subjects { get; } = [];
    public List<EnvelopeRow> Envelopes { get; } = [];
    public List<SubjectKeyRow> SubjectKeys { get; } = [];
    public List<LinkRow> Links { get; } = [];
    public List<CurrentRow> Current { get; } = [];
    public List<ChangeRow> Changes { get; } = [];
    public List<PositionRow> Positions { get; } = [];

    public long Rows => Subjects.Count + Envelopes.Count + SubjectKeys.Count + Links.Count + Current.Count + Changes.Count + Positions.Count;

    /// <summary>Rows per table, in the order they are written.</summary>
    public IReadOnlyList<(string Table, long Rows)> Counts =>
    [
        ("subjects", Subjects.Count), ("record_envelope", Envelopes.Count), ("subject_keys", SubjectKeys.Count), ("links", Links.Count),
        ("current_records", Current.Count), ("index_changes", Changes.Count), ("merger_positions", Positions.Count),
    ];

    public static async Task<IndexRows> ReadAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var rows = new IndexRows();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await ReadAsync(connection, "select subject_id, state, merged_into, version, created_at, updated_at from subjects order by subject_id",
            r => rows.Subjects.Add(new SubjectRow(r.GetInt64(0), Short(r, 1), NullableInt64(r, 2), r.GetInt32(3), r.GetDateTime(4), r.GetDateTime(5))), cancellationToken);
        await ReadAsync(connection, """
            select id, kind, schema_version, source_organisation, source_record_id, content_hash, subject_key, received_at, record, log_topic, log_partition, log_offset
            from record_envelope
            """,
            r => rows.Envelopes.Add(new EnvelopeRow(r.GetGuid(0), Short(r, 1), Short(r, 2), Short(r, 3), r.GetString(4), r.GetString(5),
                r.IsDBNull(6) ? null : r.GetString(6), r.GetDateTime(7), r.GetFieldValue<byte[]>(8),
                r.IsDBNull(9) ? null : Short(r, 9), r.IsDBNull(10) ? null : r.GetInt32(10), NullableInt64(r, 11))), cancellationToken);
        await ReadAsync(connection, "select subject_key, subject_id from subject_keys order by subject_id",
            r => rows.SubjectKeys.Add(new SubjectKeyRow(r.GetString(0), r.GetInt64(1))), cancellationToken);
        await ReadAsync(connection, "select envelope_id, subject_id, rule, score, evidence, decided_by, decided_at from links",
            r => rows.Links.Add(new LinkRow(r.GetGuid(0), r.GetInt64(1), Short(r, 2), r.GetDouble(3),
                r.IsDBNull(4) ? null : r.GetFieldValue<byte[]>(4), Short(r, 5), r.GetDateTime(6))), cancellationToken);
        await ReadAsync(connection, "select kind, source_organisation, source_record_id, envelope_id, subject_id, received_at, record from current_records",
            r => rows.Current.Add(new CurrentRow(Short(r, 0), Short(r, 1), r.GetString(2), r.GetGuid(3), NullableInt64(r, 4), r.GetDateTime(5),
                r.GetFieldValue<byte[]>(6))), cancellationToken);
        await ReadAsync(connection, """
            select sequence, kind, subject_id, from_subject_id, envelope_id, at, record_change, subject_key, from_subject_key
            from index_changes order by sequence
            """,
            r => rows.Changes.Add(new ChangeRow(r.GetInt64(0), Short(r, 1), r.GetInt64(2), NullableInt64(r, 3),
                r.IsDBNull(4) ? null : r.GetGuid(4), r.GetDateTime(5), r.IsDBNull(6) ? null : Short(r, 6),
                r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8))), cancellationToken);
        await ReadAsync(connection, "select topic, partition, next_offset, updated_at from merger_positions order by topic, partition",
            r => rows.Positions.Add(new PositionRow(Short(r, 0), r.GetInt32(1), r.GetInt64(2), r.GetDateTime(3))), cancellationToken);
        return rows;
    }

    private static async Task ReadAsync(NpgsqlConnection connection, string sql, Action<NpgsqlDataReader> row, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            row(reader);
    }

    private static string Short(NpgsqlDataReader reader, int column) => string.Intern(reader.GetString(column));

    private static long? NullableInt64(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetInt64(column);
}

internal sealed record SubjectRow(long SubjectId, string State, long? MergedInto, int Version, DateTime CreatedAt, DateTime UpdatedAt);

internal sealed record EnvelopeRow(
    Guid Id, string Kind, string SchemaVersion, string SourceOrganisation, string SourceRecordId, string ContentHash, string? SubjectKey,
    DateTime ReceivedAt, byte[] Record, string? LogTopic, int? LogPartition, long? LogOffset);

internal sealed record SubjectKeyRow(string SubjectKey, long SubjectId);

internal sealed record LinkRow(Guid EnvelopeId, long SubjectId, string Rule, double Score, byte[]? Evidence, string DecidedBy, DateTime DecidedAt);

internal sealed record CurrentRow(string Kind, string SourceOrganisation, string SourceRecordId, Guid EnvelopeId, long? SubjectId, DateTime ReceivedAt, byte[] Record);

internal sealed record ChangeRow(
    long Sequence, string Kind, long SubjectId, long? FromSubjectId, Guid? EnvelopeId, DateTime At, string? RecordChange, string? SubjectKey, string? FromSubjectKey);

internal sealed record PositionRow(string Topic, int Partition, long NextOffset, DateTime UpdatedAt);
