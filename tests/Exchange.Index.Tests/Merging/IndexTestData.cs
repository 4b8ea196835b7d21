using System.Text.Json.Nodes;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Index.Tests.Merging;

/// <summary>What the merger tests share: an empty migrated index, the samples as records, and resident ids.</summary>
internal static class IndexTestData
{
    /// <summary>A new database with the index's migrations applied.</summary>
    public static async Task<NpgsqlDataSource> MigratedIndexAsync(PostgresFixture postgres)
    {
        var database = await postgres.CreateDatabaseAsync(TestTimeout.Token());
        await IndexSchema.Part.MigrateAsync(database, NullLogger.Instance, TestTimeout.Token());
        return database;
    }

    /// <summary>
    /// How many blocking keys misstate whether their record's subject holds a linkage key (a new key
    /// searches only those that say it holds none): zero in a sound index.
    /// </summary>
    public static Task<long> KeysMisstatingSubjectKeylessAsync(NpgsqlConnection connection) =>
        Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, """
            select count(*) from resolution_keys k join resolution_records r on r.envelope_id = k.envelope_id
            where k.subject_keyless <> (r.subject_key is null and not exists (select from subject_keys s where s.subject_id = r.subject_id))
            """);

    // Women born in Zhengzhou on 2003-04-12, as the samples are: even sequences keep the sex right.
    public static string ResidentIdFor(int sequence)
    {
        var body = "41010220030412" + (200 + sequence).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        return body + Core.Identifiers.ResidentId.ComputeCheckCharacter(body);
    }

    /// <summary>The record, about the person of that resident-id sequence: records of one sequence are linked to one subject.</summary>
    public static JsonObject About(JsonObject record, int residentSequence)
    {
        record["residentId"] = ResidentIdFor(residentSequence);
        return record;
    }

    /// <summary>The sample graduate as another person: its name, institution, student id, resident id (none when null), phone, origin and birth date.</summary>
    public static JsonObject Graduate(string recordId, string name, string institution, string studentId, int? residentSequence, string? phone,
        string region, string birthDate)
    {
        var graduate = Sample("graduate");
        graduate["recordId"] = recordId;
        graduate["name"] = name;
        graduate["institutionCode"] = institution;
        graduate["studentId"] = studentId;
        graduate["originRegion"] = region;
        graduate["birthDate"] = birthDate;
        graduate["contact"] = phone is null ? null : new JsonObject { ["phone"] = phone };
        if (residentSequence is { } sequence)
            graduate["residentId"] = ResidentIdFor(sequence);
        else
            graduate.Remove("residentId");
        return graduate;
    }

    /// <summary>A record of <c>samples/&lt;kind&gt;.valid.json</c>, the first unless told.</summary>
    public static JsonObject Sample(string kind, int index = 0)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", $"{kind}.valid.json");
            if (File.Exists(path))
                return JsonNode.Parse(File.ReadAllText(path))!.AsArray()[index]!.DeepClone().AsObject();
        }
        throw new FileNotFoundException($"samples/{kind}.valid.json");
    }
}
