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

    // Women born in Zhengzhou on 2003-04-12, as the samples are: even sequences keep the sex right.
    public static string ResidentIdFor(int sequence)
    {
        var body = "41010220030412" + (200 + sequence).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        return body + Core.Identifiers.ResidentId.ComputeCheckCharacter(body);
    }

    /// <summary>The first record of <c>samples/&lt;kind&gt;.valid.json</c>.</summary>
    public static JsonObject Sample(string kind)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", $"{kind}.valid.json");
            if (File.Exists(path))
                return JsonNode.Parse(File.ReadAllText(path))!.AsArray()[0]!.DeepClone().AsObject();
        }
        throw new FileNotFoundException($"samples/{kind}.valid.json");
    }
}
