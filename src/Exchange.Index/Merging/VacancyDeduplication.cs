using System.Text;
using System.Text.Json;
using Dapper;
using Exchange.Core.Envelope;
using Npgsql;

namespace Exchange.Index.Merging;

/// <summary>
/// One job, however many channels announce it (docs/merged-index.md): two vacancies are the same
/// job when they name the same employer (credit code), work region and occupation, their titles
/// are equal once normalised, and their validity periods overlap. A vacancy joins the oldest such
/// job; otherwise it starts one. A new version of a vacancy is judged again, so a corrected title
/// or region moves it.
/// </summary>
internal static class VacancyDeduplication
{
    private const string LeaveSql = """
        delete from job_channels where source_organisation = @SourceOrganisation and source_record_id = @SourceRecordId;
        delete from jobs j where not exists (select 1 from job_channels c where c.job_id = j.job_id);
        """;

    private const string FindSql = """
        select job_id from jobs where dedup_key = @Key and valid_from <= @ValidThrough and valid_through >= @ValidFrom order by job_id limit 1
        """;

    private const string NewJobSql = """
        insert into jobs (dedup_key, valid_from, valid_through, created_at) values (@Key, @ValidFrom, @ValidThrough, @At) returning job_id
        """;

    private const string JoinSql = """
        update jobs set valid_from = least(valid_from, @ValidFrom), valid_through = greatest(valid_through, @ValidThrough) where job_id = @JobId;
        insert into job_channels (source_organisation, source_record_id, job_id, envelope_id) values (@SourceOrganisation, @SourceRecordId, @JobId, @EnvelopeId);
        """;

    /// <summary>Assigns the vacancy version in force to its job; returns the job.</summary>
    public static async Task<long?> AssignAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RecordEnvelope vacancy, DateTime at,
        CancellationToken cancellationToken)
    {
        var source = new { vacancy.SourceOrganisation, vacancy.SourceRecordId };
        await connection.ExecuteAsync(new CommandDefinition(LeaveSql, source, transaction, cancellationToken: cancellationToken));
        var record = vacancy.Record;
        if (RecordFields.Text(record, "employerCreditCode") is not { } employer || RecordFields.Text(record, "title") is not { } title
            || RecordFields.Date(record, "validFrom") is not { } from || RecordFields.Date(record, "validThrough") is not { } through)
        {
            return null;
        }
        var key = Key(employer, RecordFields.Text(record, "workRegion"), RecordFields.Text(record, "occupationCode"), title);
        var job = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(FindSql,
            new { Key = key, ValidFrom = from, ValidThrough = through }, transaction, cancellationToken: cancellationToken))
            ?? await connection.ExecuteScalarAsync<long>(new CommandDefinition(NewJobSql,
                new { Key = key, ValidFrom = from, ValidThrough = through, At = at }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(JoinSql, new
        {
            JobId = job,
            ValidFrom = from,
            ValidThrough = through,
            vacancy.SourceOrganisation,
            vacancy.SourceRecordId,
            EnvelopeId = vacancy.Id,
        }, transaction, cancellationToken: cancellationToken));
        return job;
    }

    /// <summary>The job key: employer, region, occupation and the normalised title.</summary>
    public static string Key(string employer, string? region, string? occupation, string title) =>
        string.Join('|', employer, region ?? "", occupation ?? "", NormaliseTitle(title));

    /// <summary>
    /// A title as channels differ in writing it: compatibility forms folded (full-width letters and
    /// digits, 〇-style variants), letters lower-cased, and everything but letters and digits removed
    /// (spaces, punctuation, brackets).
    /// </summary>
    public static string NormaliseTitle(string title)
    {
        var folded = title.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c))
                builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
