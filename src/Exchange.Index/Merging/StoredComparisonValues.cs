using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Exchange.Core.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Exchange.Index.Merging;

/// <summary>
/// What the index keeps of each graduate in force for resolution — the values the model compares
/// and the blocking keys — is written under one model's fields and blocking rules, read through one
/// build's character tables and code. When the merger resolves under a fingerprint that differs
/// (a newer shipped model, a deployment's own, a release that reads names otherwise),
/// those are read again from the records before any graduate is compared with them, in the
/// merger's transaction under the resolution lock. Subjects and links stay as they are.
/// </summary>
internal sealed partial class StoredComparisonValues(SubjectResolver resolver, ILogger logger)
{
    private const int BatchSize = 10_000;

    // Rewriting a large index takes its time once; a command timeout would roll it back to start again.
    private const int Unbounded = 0;

    private const string FingerprintSql = "select fingerprint from resolution_model";

    private const string BatchSql = """
        select r.envelope_id, r.subject_key, e.record::text
        from resolution_records r join record_envelope e on e.id = r.envelope_id
        where r.envelope_id > @After order by r.envelope_id limit @Limit
        """;

    // Field values travel as one flat array, each record's slice of the fields' width; blocking keys
    // as one flat array with each record's first index.
    private const string UpdateSql = """
        update resolution_records r
        set field_values = (@Values::text[])[((x.n - 1) * @Width + 1):(x.n * @Width)],
            block_keys = (@BlockKeys::bigint[])[(@Firsts::int[])[x.n]:((@Firsts::int[])[x.n + 1] - 1)]
        from unnest(@Envelopes) with ordinality as x (e, n)
        where r.envelope_id = x.e
        """;

    // Whether a record's subject holds a key is kept true by triggers from here on (Index migration 0017).
    private const string RekeySql = """
        delete from resolution_keys;
        insert into resolution_keys (block_key, envelope_id, subject_keyless)
        select b.block_key, r.envelope_id, not exists (select 1 from subject_keys k where k.subject_id = r.subject_id)
        from resolution_records r cross join unnest(r.block_keys) as b (block_key)
        """;

    private const string SaveSql = """
        insert into resolution_model (fingerprint, written_at) values (@Fingerprint, @At)
        on conflict (singleton) do update set fingerprint = excluded.fingerprint, written_at = excluded.written_at
        """;

    /// <summary>
    /// Makes sure the stored values were written under the resolver's model, rewriting them if not.
    /// Returns how many records were read again (0 when they were already current). One primary-key
    /// read when they are; checked in every transaction that resolves, since a rollback undoes a rewrite.
    /// </summary>
    public async Task<int> EnsureCurrentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTime at, CancellationToken cancellationToken)
    {
        var fingerprint = resolver.StoredValuesFingerprint;
        var stored = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(FingerprintSql, transaction: transaction, cancellationToken: cancellationToken));
        if (stored == fingerprint)
            return 0;
        var rewritten = await RewriteAsync(connection, transaction, stored, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(SaveSql, new { Fingerprint = fingerprint, At = at }, transaction, cancellationToken: cancellationToken));
        return rewritten;
    }

    private async Task<int> RewriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string? stored, CancellationToken cancellationToken)
    {
        var count = 0;
        var after = Guid.Empty;
        while (true)
        {
            var rows = (await connection.QueryAsync<(Guid Envelope, string? SubjectKey, string Record)>(new CommandDefinition(BatchSql,
                new { After = after, Limit = BatchSize }, transaction, Unbounded, cancellationToken: cancellationToken))).AsList();
            if (rows.Count == 0)
                break;
            if (count == 0)
                RewritingStoredValues(logger, stored ?? "none");
            var prepared = new (string?[] Values, long[] BlockKeys)[rows.Count];
            Parallel.For(0, rows.Count, i =>
            {
                using var record = JsonDocument.Parse(rows[i].Record);
                prepared[i] = resolver.ValuesAndKeys(rows[i].Envelope, record.RootElement, rows[i].SubjectKey);
            });
            await connection.ExecuteAsync(new CommandDefinition(UpdateSql, new
            {
                Envelopes = rows.Select(r => r.Envelope).ToArray(),
                Values = prepared.SelectMany(p => p.Values).ToArray(),
                Width = prepared[0].Values.Length,
                BlockKeys = prepared.SelectMany(p => p.BlockKeys).ToArray(),
                Firsts = MergeRun.SliceStarts(prepared.Select(p => p.BlockKeys.Length)),
            }, transaction, Unbounded, cancellationToken: cancellationToken));
            count += rows.Count;
            after = rows[^1].Envelope;
        }
        if (count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(RekeySql, transaction: transaction, commandTimeout: Unbounded, cancellationToken: cancellationToken));
            RewroteStoredValues(logger, count);
        }
        return count;
    }

    /// <summary>
    /// The version of the code that reads a graduate record into the values and blocking keys stored
    /// for it: <see cref="GraduateFieldValues"/>, the featuriser, the name parser and the blocking
    /// key functions. Bump it with any change to them that changes what they read from a record,
    /// so that every index written before is read again (StoredValuesReadingTests pins what a
    /// set of reference graduates is read as under each fingerprint, and fails if that moves
    /// while the version stays).
    /// </summary>
    public const int ReadingVersion = 1;

    /// <summary>
    /// A fingerprint of what the stored values depend on: the settings' fields and blocking rules,
    /// the character tables names are read through, and the version of the reading code.
    /// </summary>
    public static string Fingerprint(Resolution.Settings.ResolutionSettings settings) =>
        Fingerprint(settings, ReadingVersion, Resolution.Chinese.CharacterTables.Digest);

    /// <inheritdoc cref="Fingerprint(Resolution.Settings.ResolutionSettings)"/>
    internal static string Fingerprint(Resolution.Settings.ResolutionSettings settings, int readingVersion, string characterTables)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var json = JsonSerializer.Serialize(new { readingVersion, characterTables, settings.Fields, settings.Blocking }, s_json);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [LoggerMessage(EventId = EventIds.ResolutionValuesRewriting, Level = LogLevel.Warning,
        Message = "The resolution model's fields or blocking rules, the character tables or the reading code differ from those the index's stored comparison values were written under (fingerprint {Stored}); reading every graduate in force again under the model in use")]
    private static partial void RewritingStoredValues(ILogger logger, string stored);

    [LoggerMessage(EventId = EventIds.ResolutionValuesRewritten, Level = LogLevel.Information,
        Message = "Read {Count} graduates in force again under the model in use; their comparison values and blocking keys are current")]
    private static partial void RewroteStoredValues(ILogger logger, int count);
}
