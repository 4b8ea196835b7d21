using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Exchange.Core.Envelope;
using Exchange.Core.Model;
using Npgsql;

namespace Exchange.Index.Merging;

/// <summary>
/// Erase on withdrawal: where a data-sharing agreement says so, a withdrawn consent purges the
/// subject's sensitive fields (<see cref="SensitiveFields"/>) from the index, from the records in
/// force and from every stored version, in the merger's transaction, with a <c>subject.purged</c>
/// change. While that withdrawal stays in force, every version merged later is purged as it is
/// merged, so a resend cannot bring the fields back. The agreements are asked through the access
/// part's <c>withdrawal_erasures</c> function, at the instant the withdrawal was received: their
/// versions are append-only history, so a replay of the log into an empty index purges the same.
/// </summary>
internal static class WithdrawalPurge
{
    // Found through the search path, on which the hub puts the access part's schema: the index takes no dependency on that part's code.
    private const string ErasuresAvailableSql = "select to_regprocedure('withdrawal_erasures(text, text, text[], text[], timestamptz)') is not null";

    private const string ErasuresSql = """
        select provider_organisation as ProviderOrganisation, categories as Categories
        from withdrawal_erasures(@GranteeOrganisation, @GranteeRole, @Purposes, @Categories, @WithdrawnAt)
        """;

    // The instant as stored, so that a later merge judging the same withdrawal asks about the same instant.
    private const string InForceSinceSql = "select received_at from current_records where envelope_id = @EnvelopeId";

    private const string WithdrawnSubjectsSql = """
        select distinct subject_id from current_records
        where subject_id = any(@Subjects) and kind = 'consent' and record->>'status' = 'withdrawn'
        """;

    private const string WithdrawnConsentsSql = """
        select received_at as ReceivedAt, record::text as Record from current_records
        where subject_id = @SubjectId and kind = 'consent' and record->>'status' = 'withdrawn'
        """;

    private const string VersionsSql = """
        select e.id as Id, e.kind as Kind, e.source_organisation as SourceOrganisation, e.record::text as Record
        from record_envelope e join links l on l.envelope_id = e.id
        where l.subject_id = @SubjectId and e.kind in ('graduate', 'certification')
        order by e.id
        """;

    private const string VersionSql = """
        select id as Id, kind as Kind, source_organisation as SourceOrganisation, record::text as Record from record_envelope where id = @Id
        """;

    private const string PurgeVersionSql = """
        update record_envelope set record = @Record::jsonb where id = @Id;
        update current_records set record = @Record::jsonb where envelope_id = @Id
        """;

    private const string InForceSql = "select exists (select 1 from current_records where envelope_id = @Id)";

    // A certification purged whole no longer stands in force: readers expect a whole certification.
    private const string PurgeWholeSql = """
        update record_envelope set record = @Record::jsonb where id = @Id;
        delete from current_records where envelope_id = @Id
        """;

    /// <summary>
    /// After a withdrawn consent of <paramref name="subject"/> is merged (and written): purges the
    /// subject when the withdrawal is the consent's version in force and an erasing agreement
    /// covers it. True when anything was purged.
    /// </summary>
    public static async Task<bool> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RecordEnvelope withdrawal, long subject, DateTime at,
        CancellationToken cancellationToken)
    {
        if (withdrawal.Kind != RecordKind.Consent || !RecordFields.IsWithdrawnConsent(withdrawal.Record)
            || await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(InForceSinceSql, new { EnvelopeId = withdrawal.Id }, transaction,
                cancellationToken: cancellationToken)) is not { } receivedAt)
        {
            return false;
        }
        if (!await ErasuresAvailableAsync(connection, transaction, cancellationToken))
            return false;
        var erasures = await ErasuresAsync(connection, transaction, withdrawal.Record, receivedAt, cancellationToken);
        if (erasures.Count == 0)
            return false;
        var versions = await connection.QueryAsync<VersionRow>(new CommandDefinition(VersionsSql, new { SubjectId = subject }, transaction, cancellationToken: cancellationToken));
        var purged = false;
        foreach (var version in versions)
            purged |= await PurgeAsync(connection, transaction, version, erasures, subject, at, cancellationToken);
        await SubjectOperations.ChangeAsync(connection, transaction, "subject.purged", subject, null, withdrawal.Id, at, cancellationToken);
        return purged;
    }

    /// <summary>
    /// After records that may hold sensitive fields are merged (and written): purges those whose
    /// subject stands erased by a withdrawal in force. One query finds the subjects with a
    /// withdrawal in force; only theirs are judged. True when anything was purged.
    /// </summary>
    public static async Task<bool> PurgeWhereWithdrawnAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<(RecordEnvelope Envelope, long Subject)> merged, DateTime at, CancellationToken cancellationToken)
    {
        var withdrawn = (await connection.QueryAsync<long>(new CommandDefinition(WithdrawnSubjectsSql,
            new { Subjects = merged.Select(m => m.Subject).Distinct().ToArray() }, transaction, cancellationToken: cancellationToken))).ToHashSet();
        if (withdrawn.Count == 0 || !await ErasuresAvailableAsync(connection, transaction, cancellationToken))
            return false;
        var purged = false;
        foreach (var (envelope, subject) in merged.Where(m => withdrawn.Contains(m.Subject)))
        {
            var standing = await StandingErasuresAsync(connection, transaction, subject, cancellationToken);
            if (standing.Count == 0)
                continue;
            var version = await connection.QuerySingleAsync<VersionRow>(new CommandDefinition(VersionSql, new { envelope.Id }, transaction, cancellationToken: cancellationToken));
            purged |= await PurgeAsync(connection, transaction, version, standing, subject, at, cancellationToken);
        }
        return purged;
    }

    // The erasures of every withdrawal in force for the subject, each judged when it was received.
    private static async Task<IReadOnlyList<Erasure>> StandingErasuresAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long subject,
        CancellationToken cancellationToken)
    {
        var withdrawn = (await connection.QueryAsync<ConsentRow>(new CommandDefinition(WithdrawnConsentsSql, new { SubjectId = subject }, transaction,
            cancellationToken: cancellationToken))).ToList();
        var erasures = new List<Erasure>();
        foreach (var consent in withdrawn)
        {
            using var document = JsonDocument.Parse(consent.Record);
            erasures.AddRange(await ErasuresAsync(connection, transaction, document.RootElement, consent.ReceivedAt, cancellationToken));
        }
        return erasures;
    }

    // An index without the access part (the merger run on its own) has no agreements, and so none that erases.
    private static Task<bool> ErasuresAvailableAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(ErasuresAvailableSql, transaction: transaction, cancellationToken: cancellationToken));

    private static async Task<IReadOnlyList<Erasure>> ErasuresAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, JsonElement consent,
        DateTime withdrawnAt, CancellationToken cancellationToken)
    {
        var grantee = consent.TryGetProperty("grantee", out var g) && g.ValueKind == JsonValueKind.Object ? g : default;
        var rows = await connection.QueryAsync<Erasure>(new CommandDefinition(ErasuresSql, new
        {
            GranteeOrganisation = RecordFields.Text(grantee, "organisationCreditCode"),
            GranteeRole = RecordFields.Text(grantee, "role"),
            Purposes = RecordFields.Texts(consent, "purposes"),
            Categories = RecordFields.Texts(consent, "dataCategories"),
            WithdrawnAt = withdrawnAt,
        }, transaction, cancellationToken: cancellationToken));
        return [.. rows];
    }

    private static async Task<bool> PurgeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, VersionRow version, IReadOnlyList<Erasure> erasures,
        long subject, DateTime at, CancellationToken cancellationToken)
    {
        // An agreement naming a provider erases that provider's data; one naming none, everyone's.
        var categories = erasures.Where(e => e.ProviderOrganisation is null || e.ProviderOrganisation == version.SourceOrganisation)
            .SelectMany(e => e.Categories).ToHashSet(StringComparer.Ordinal);
        if (categories.Count == 0)
            return false;
        var record = JsonNode.Parse(version.Record)!.AsObject();
        var result = SensitiveFields.Purge(version.Kind, record, categories);
        if (result == PurgeResult.Unchanged)
            return false;
        var taken = result == PurgeResult.Whole
            ? await connection.ExecuteScalarAsync<bool>(new CommandDefinition(InForceSql, new { version.Id }, transaction, cancellationToken: cancellationToken))
            : false;
        await connection.ExecuteAsync(new CommandDefinition(result == PurgeResult.Whole ? PurgeWholeSql : PurgeVersionSql,
            new { version.Id, Record = record.ToJsonString() }, transaction, cancellationToken: cancellationToken));
        // Downstream copies of a record the index no longer holds are to be deleted too.
        if (taken)
            await SubjectOperations.ChangeAsync(connection, transaction, "record.deleted", subject, null, version.Id, at, cancellationToken);
        return true;
    }

    private sealed record VersionRow(Guid Id, string Kind, string SourceOrganisation, string Record);

    private sealed record ConsentRow(DateTime ReceivedAt, string Record);

    // Settable properties: Dapper maps a text[] column to string[] only through a setter, not a constructor.
    private sealed class Erasure
    {
        public string? ProviderOrganisation { get; set; }
        public string[] Categories { get; set; } = [];
    }
}
