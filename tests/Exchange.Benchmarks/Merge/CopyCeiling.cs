using System.Diagnostics;
using Exchange.Benchmarks.Ingest;
using Exchange.Postgres.Embedded;
using Npgsql;
using NpgsqlTypes;

namespace Exchange.Benchmarks.Merge;

/// <summary>
/// The merger's ceiling: Npgsql binary COPY of the merged index's final rows into a fresh database
/// migrated with the same index migrations — the same tables, keys, indexes and foreign keys — in
/// one transaction, tables in foreign-key order.
/// </summary>
internal static class CopyCeiling
{
    public static async Task<PhaseResult> RunAsync(EmbeddedPostgres server, NpgsqlDataSource target, IndexRows rows, CancellationToken cancellationToken)
    {
        PeakMemory.Reset();
        var cpu = ProcFs.CpuSeconds(Environment.ProcessId);
        var postgresCpu = ProcFs.CpuSecondsWithChildren(server.ProcessId);
        var clock = Stopwatch.StartNew();
        await using (var connection = await target.OpenConnectionAsync(cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await CopyAsync(connection, "subjects (subject_id, state, merged_into, version, created_at, updated_at)", rows.Subjects, (w, r) =>
            {
                w.Write(r.SubjectId, NpgsqlDbType.Bigint);
                w.Write(r.State, NpgsqlDbType.Text);
                Write(w, r.MergedInto, NpgsqlDbType.Bigint);
                w.Write(r.Version, NpgsqlDbType.Integer);
                w.Write(r.CreatedAt, NpgsqlDbType.TimestampTz);
                w.Write(r.UpdatedAt, NpgsqlDbType.TimestampTz);
            }, cancellationToken);
            await CopyAsync(connection, """
                record_envelope (id, kind, schema_version, source_organisation, source_record_id, content_hash, subject_key, received_at, record,
                                 log_topic, log_partition, log_offset)
                """, rows.Envelopes, (w, r) =>
            {
                w.Write(r.Id, NpgsqlDbType.Uuid);
                w.Write(r.Kind, NpgsqlDbType.Text);
                w.Write(r.SchemaVersion, NpgsqlDbType.Text);
                w.Write(r.SourceOrganisation, NpgsqlDbType.Text);
                w.Write(r.SourceRecordId, NpgsqlDbType.Text);
                w.Write(r.ContentHash, NpgsqlDbType.Text);
                Write(w, r.SubjectKey, NpgsqlDbType.Text);
                w.Write(r.ReceivedAt, NpgsqlDbType.TimestampTz);
                w.Write(r.Record, NpgsqlDbType.Jsonb);
                Write(w, r.LogTopic, NpgsqlDbType.Text);
                Write(w, r.LogPartition, NpgsqlDbType.Integer);
                Write(w, r.LogOffset, NpgsqlDbType.Bigint);
            }, cancellationToken);
            await CopyAsync(connection, "subject_keys (subject_key, subject_id)", rows.SubjectKeys, (w, r) =>
            {
                w.Write(r.SubjectKey, NpgsqlDbType.Text);
                w.Write(r.SubjectId, NpgsqlDbType.Bigint);
            }, cancellationToken);
            // A change of a subject without a key still looks one up: by the index, once the table is known to be full.
            await using (var analyze = new NpgsqlCommand("analyze subject_keys", connection, transaction))
                await analyze.ExecuteNonQueryAsync(cancellationToken);
            await CopyAsync(connection, "links (envelope_id, subject_id, rule, score, evidence, decided_by, decided_at)", rows.Links, (w, r) =>
            {
                w.Write(r.EnvelopeId, NpgsqlDbType.Uuid);
                w.Write(r.SubjectId, NpgsqlDbType.Bigint);
                w.Write(r.Rule, NpgsqlDbType.Text);
                w.Write(r.Score, NpgsqlDbType.Double);
                Write(w, r.Evidence, NpgsqlDbType.Jsonb);
                w.Write(r.DecidedBy, NpgsqlDbType.Text);
                w.Write(r.DecidedAt, NpgsqlDbType.TimestampTz);
            }, cancellationToken);
            await CopyAsync(connection, "current_records (kind, source_organisation, source_record_id, envelope_id, subject_id, received_at, record)", rows.Current, (w, r) =>
            {
                w.Write(r.Kind, NpgsqlDbType.Text);
                w.Write(r.SourceOrganisation, NpgsqlDbType.Text);
                w.Write(r.SourceRecordId, NpgsqlDbType.Text);
                w.Write(r.EnvelopeId, NpgsqlDbType.Uuid);
                Write(w, r.SubjectId, NpgsqlDbType.Bigint);
                w.Write(r.ReceivedAt, NpgsqlDbType.TimestampTz);
                w.Write(r.Record, NpgsqlDbType.Jsonb);
            }, cancellationToken);
            // COPY writes the given values into identity columns, as INSERT … OVERRIDING SYSTEM VALUE would.
            // With the keys and the record change the merger wrote: left out, the table's row trigger
            // (Index migration 0008) looks each key up, on statistics that still call subject_keys empty.
            await CopyAsync(connection, "index_changes (sequence, kind, subject_id, from_subject_id, envelope_id, at, record_change, subject_key, from_subject_key)",
                rows.Changes, (w, r) =>
            {
                w.Write(r.Sequence, NpgsqlDbType.Bigint);
                w.Write(r.Kind, NpgsqlDbType.Text);
                w.Write(r.SubjectId, NpgsqlDbType.Bigint);
                Write(w, r.FromSubjectId, NpgsqlDbType.Bigint);
                Write(w, r.EnvelopeId, NpgsqlDbType.Uuid);
                w.Write(r.At, NpgsqlDbType.TimestampTz);
                Write(w, r.RecordChange, NpgsqlDbType.Text);
                Write(w, r.SubjectKey, NpgsqlDbType.Text);
                Write(w, r.FromSubjectKey, NpgsqlDbType.Text);
            }, cancellationToken);
            await CopyAsync(connection, "merger_positions (topic, partition, next_offset, updated_at)", rows.Positions, (w, r) =>
            {
                w.Write(r.Topic, NpgsqlDbType.Text);
                w.Write(r.Partition, NpgsqlDbType.Integer);
                w.Write(r.NextOffset, NpgsqlDbType.Bigint);
                w.Write(r.UpdatedAt, NpgsqlDbType.TimestampTz);
            }, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return new PhaseResult(clock.Elapsed, ProcFs.CpuSeconds(Environment.ProcessId) - cpu,
            ProcFs.CpuSecondsWithChildren(server.ProcessId) - postgresCpu, PeakMemory.Megabytes);
    }

    // Rows are written with the synchronous calls, the quickest way Npgsql has to feed a COPY, so
    // that the ceiling is one: only the COPY's start and end wait asynchronously.
    private static async Task CopyAsync<T>(NpgsqlConnection connection, string table, List<T> rows, Action<NpgsqlBinaryImporter, T> write, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"copy {table} from stdin (format binary)", cancellationToken);
        // The server may still be indexing a million rows when the last one is sent: more than the default 30 s.
        importer.Timeout = TimeSpan.FromMinutes(30);
        foreach (var row in rows)
        {
            importer.StartRow();
            write(importer, row);
        }
        var written = await importer.CompleteAsync(cancellationToken);
        if (written != (ulong)rows.Count)
            throw new InvalidOperationException($"COPY {table} wrote {written} rows, not {rows.Count}.");
    }

    private static void Write<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type) where T : class
    {
        if (value is null)
            importer.WriteNull();
        else
            importer.Write(value, type);
    }

    private static void Write<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v)
            importer.Write(v, type);
        else
            importer.WriteNull();
    }
}
