using System.Security.Cryptography;
using Dapper;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Testing;
using Npgsql;

namespace Exchange.Index.Tests.Matching;

/// <summary>
/// Writes graduates, certifications and vacancies into a migrated index as the merger leaves them:
/// a subject with its key and records in force (the profiles follow by trigger), a vacancy in force
/// assigned to a job of its own. Subjects get ids in the order they are written.
/// </summary>
internal static class MatchIndex
{
    public const string University = "12100000400000624D";
    public const string Bureau = "11410000MB0000001X";

    /// <summary>Writes a graduate in a new subject keyed <paramref name="subjectKey"/>; returns the subject id.</summary>
    public static async Task<long> GraduateAsync(NpgsqlDataSource database, string subjectKey, GraduateRecord graduate, params CertificationRecord[] certifications)
    {
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        var subject = await connection.ExecuteScalarAsync<long>("insert into subjects (created_at, updated_at) values (now(), now()) returning subject_id");
        await connection.ExecuteAsync("insert into subject_keys (subject_key, subject_id) values (@Key, @Subject)", new { Key = subjectKey, Subject = subject });
        await RecordAsync(connection, RecordKind.Graduate, University, graduate.RecordId, subject, graduate);
        foreach (var certification in certifications)
            await RecordAsync(connection, RecordKind.Certification, Bureau, certification.RecordId, subject, certification);
        return subject;
    }

    /// <summary>Writes a newer version of a subject's graduate record (the same source record id), and certifications.</summary>
    public static async Task UpdateGraduateAsync(NpgsqlDataSource database, long subject, GraduateRecord graduate, params CertificationRecord[] certifications)
    {
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        await connection.ExecuteAsync("delete from current_records where kind = 'graduate' and source_organisation = @University and source_record_id = @RecordId",
            new { University, graduate.RecordId });
        await RecordAsync(connection, RecordKind.Graduate, University, graduate.RecordId, subject, graduate);
        foreach (var certification in certifications)
            await RecordAsync(connection, RecordKind.Certification, Bureau, certification.RecordId, subject, certification);
    }

    /// <summary>Writes a vacancy in force from <paramref name="employer"/>, the one channel of a job of its own.</summary>
    public static async Task VacancyAsync(NpgsqlDataSource database, string employer, VacancyRecord vacancy)
    {
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        var envelope = await RecordAsync(connection, RecordKind.Vacancy, employer, vacancy.RecordId, null, vacancy);
        var job = await connection.ExecuteScalarAsync<long>(
            "insert into jobs (dedup_key, valid_from, valid_through, created_at) values (@Key, @From, @Through, now()) returning job_id",
            new { Key = employer + "/" + vacancy.RecordId, From = vacancy.ValidFrom, Through = vacancy.ValidThrough });
        await connection.ExecuteAsync(
            "insert into job_channels (source_organisation, source_record_id, job_id, envelope_id) values (@Employer, @RecordId, @Job, @Envelope)",
            new { Employer = employer, vacancy.RecordId, Job = job, Envelope = envelope });
    }

    /// <summary>
    /// Writes many vacancies in force, each the one channel of a job of its own, in one statement per
    /// table as the merger writes a batch (so that the profiles' statement triggers run once).
    /// </summary>
    public static async Task VacanciesAsync(NpgsqlDataSource database, IReadOnlyList<(string Employer, VacancyRecord Record)> vacancies)
    {
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        await connection.ExecuteAsync("""
            create temporary table written as
              select gen_random_uuid() as id, employer, record_id, record::jsonb as record
              from unnest(@Employers, @RecordIds, @Records) as t(employer, record_id, record);
            insert into record_envelope (id, kind, schema_version, source_organisation, source_record_id, content_hash, received_at, record)
              select id, 'vacancy', 'v1', employer, record_id, encode(sha256(convert_to(record::text, 'UTF8')), 'hex'), clock_timestamp(), record from written;
            insert into current_records (kind, source_organisation, source_record_id, envelope_id, subject_id, received_at, record)
              select 'vacancy', employer, record_id, id, null, clock_timestamp(), record from written;
            insert into jobs (dedup_key, valid_from, valid_through, created_at)
              select employer || '/' || record_id, (record->>'validFrom')::date, (record->>'validThrough')::date, now() from written;
            insert into job_channels (source_organisation, source_record_id, job_id, envelope_id)
              select w.employer, w.record_id, j.job_id, w.id from written w join jobs j on j.dedup_key = w.employer || '/' || w.record_id;
            drop table written;
            """, new
        {
            Employers = vacancies.Select(v => v.Employer).ToArray(),
            RecordIds = vacancies.Select(v => v.Record.RecordId).ToArray(),
            Records = vacancies.Select(v => System.Text.Encoding.UTF8.GetString(RecordJson.SerializeToUtf8Bytes(v.Record, RecordKind.Vacancy))).ToArray(),
        });
    }

    private static async Task<Guid> RecordAsync(NpgsqlConnection connection, RecordKind kind, string source, string recordId, long? subject, ICanonicalRecord record)
    {
        var bytes = RecordJson.SerializeToUtf8Bytes(record, kind);
        var json = System.Text.Encoding.UTF8.GetString(bytes);
        var id = Guid.NewGuid();
        var name = kind.ToString().ToLowerInvariant();
        await connection.ExecuteAsync("""
            insert into record_envelope (id, kind, schema_version, source_organisation, source_record_id, content_hash, received_at, record)
            values (@Id, @Kind, 'v1', @Source, @RecordId, @Hash, clock_timestamp(), @Json::jsonb);
            insert into current_records (kind, source_organisation, source_record_id, envelope_id, subject_id, received_at, record)
            values (@Kind, @Source, @RecordId, @Id, @Subject, clock_timestamp(), @Json::jsonb);
            """, new { Id = id, Kind = name, Source = source, RecordId = recordId, Hash = Convert.ToHexStringLower(SHA256.HashData(bytes)), Subject = subject, Json = json });
        return id;
    }
}
