using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Exchange.Access.Audit;

/// <summary>
/// The audit log in PostgreSQL (<c>audit_entry</c> and <c>audit_head</c>, see migration 0001).
/// Each append locks the one-row head, takes the next sequence number and the previous hash from
/// it, inserts and moves the head, all in one transaction: appenders in any number of processes
/// queue on that row lock and form a single gapless chain.
/// </summary>
public sealed class PostgresAuditLog(NpgsqlDataSource dataSource) : IAuditLog
{
    private const string LockHeadSql = "select sequence, hash from audit_head for update";

    private const string InsertSql = """
        insert into audit_entry (sequence, at, caller_client_id, caller_organisation, purpose, subject_handle,
                                 action, fields_released, decision, rule, previous_hash, hash)
        values (@Sequence, @At, @CallerClientId, @CallerOrganisation, @Purpose, @SubjectHandle,
                @Action, @FieldsReleased, @Decision, @Rule, @PreviousHash, @Hash)
        """;

    private const string CopySql = """
        copy audit_entry (sequence, at, caller_client_id, caller_organisation, purpose, subject_handle,
                          action, fields_released, decision, rule, previous_hash, hash)
        from stdin (format binary)
        """;

    private const string MoveHeadSql = "update audit_head set sequence = @Sequence, hash = @Hash";

    private const string HeadSql = "select sequence, hash from audit_head";

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The record carries something that looks like a resident id, or is malformed (a caller bug).</exception>
    public async Task<long> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        AuditRecordGuard.Check(record);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var head = await LockHeadAsync(connection, transaction, cancellationToken);
        var entry = Chain(head, record);
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, ToRow(entry), transaction, cancellationToken: cancellationToken));
        await MoveHeadAsync(connection, transaction, entry, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return entry.Sequence;
    }

    /// <summary>
    /// Appends several records as consecutive entries in one transaction (one lock, one binary COPY),
    /// for throughput; either all are appended or none.
    /// </summary>
    /// <returns>The sequence numbers, in the order of <paramref name="records"/>.</returns>
    /// <exception cref="ArgumentException">A record carries something that looks like a resident id, or is malformed; nothing is appended.</exception>
    public async Task<IReadOnlyList<long>> AppendManyAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            AuditRecordGuard.Check(record);
        }

        if (records.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var head = await LockHeadAsync(connection, transaction, cancellationToken);
        var entries = new List<AuditEntry>(records.Count);
        foreach (var record in records)
        {
            var entry = Chain(head, record);
            entries.Add(entry);
            head = new AuditHead(entry.Sequence, entry.Hash);
        }

        await using (var importer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken))
        {
            foreach (var entry in entries)
            {
                await WriteAsync(importer, entry, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await MoveHeadAsync(connection, transaction, entries[^1], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [.. entries.Select(e => e.Sequence)];
    }

    /// <summary>
    /// The current head, to publish or anchor outside the database; verify a later state against
    /// it with <see cref="AuditVerifier.VerifyAsync(NpgsqlDataSource, AuditHead?, CancellationToken)"/>.
    /// </summary>
    public Task<AuditHead> GetHeadAsync(CancellationToken cancellationToken) => GetHeadAsync(dataSource, cancellationToken);

    /// <inheritdoc cref="GetHeadAsync(CancellationToken)"/>
    public static async Task<AuditHead> GetHeadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<AuditHead>(new CommandDefinition(HeadSql, cancellationToken: cancellationToken));
    }

    private static async Task<AuditHead> LockHeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        await connection.QuerySingleAsync<AuditHead>(new CommandDefinition(LockHeadSql, transaction: transaction, cancellationToken: cancellationToken));

    private static Task MoveHeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry entry, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(MoveHeadSql, new { entry.Sequence, entry.Hash }, transaction, cancellationToken: cancellationToken));

    private static AuditEntry Chain(AuditHead head, AuditRecord record)
    {
        // Stored as hashed: microseconds, UTC, and a private copy of the list the caller may still change.
        var stored = record with { At = AuditHash.Normalise(record.At), FieldsReleased = [.. record.FieldsReleased] };
        var sequence = head.Sequence + 1;
        return new AuditEntry(sequence, stored, head.Hash, AuditHash.Compute(sequence, stored, head.Hash));
    }

    private static object ToRow(AuditEntry entry) => new
    {
        entry.Sequence,
        At = entry.Record.At.UtcDateTime,
        entry.Record.CallerClientId,
        entry.Record.CallerOrganisation,
        entry.Record.Purpose,
        entry.Record.SubjectHandle,
        entry.Record.Action,
        FieldsReleased = entry.Record.FieldsReleased.ToArray(),
        entry.Record.Decision,
        entry.Record.Rule,
        entry.PreviousHash,
        entry.Hash,
    };

    private static async Task WriteAsync(NpgsqlBinaryImporter importer, AuditEntry entry, CancellationToken cancellationToken)
    {
        var record = entry.Record;
        await importer.StartRowAsync(cancellationToken);
        await importer.WriteAsync(entry.Sequence, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(record.At.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
        await importer.WriteAsync(record.CallerClientId, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(record.CallerOrganisation, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(record.Purpose, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(record.SubjectHandle, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(record.Action, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(record.FieldsReleased.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(record.Decision, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(record.Rule, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(entry.PreviousHash, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(entry.Hash, NpgsqlDbType.Text, cancellationToken);
    }
}
