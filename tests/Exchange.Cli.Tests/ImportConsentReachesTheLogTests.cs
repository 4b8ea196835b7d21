namespace Exchange.Cli.Tests;

/// <summary><c>exchange import</c> of a consent file is a route in like any other: its consents land on <c>exchange.consent.v1</c>.</summary>
/// <remarks>
/// Run alone, after the other command tests: two processes each starting an embedded PostgreSQL
/// beside the hub processes of the other tests starve a two-core machine, and the hub's log
/// redaction then times out.
/// </remarks>
[Collection(ImportConsentReachesTheLogTests.Alone)]
public sealed class ImportConsentReachesTheLogTests
{
    public const string Alone = "import consent, alone";

    [Fact]
    public async Task Imported_consent_file_is_on_the_consent_topic()
    {
        // Under /tmp: as root the embedded server runs as the postgres user, who must reach the folder.
        var data = Path.Combine("/tmp", $"exchange-cli-import-consent-{Guid.NewGuid():N}");
        var setting = $"Exchange:Postgres:DataDirectory={data}/postgres";
        try
        {
            var samples = Path.Combine(CliRunner.RepositoryRoot, "samples", "consent.valid.json");
            var (imported, output, error) = await CliRunner.RunAsync("import", samples, "--kind", "consent", "--source", "12100000400000624D",
                "--report", Path.Combine("/tmp", $"exchange-cli-import-consent-{Guid.NewGuid():N}.csv"), "--setting", setting);
            Assert.True(imported == 0, error + output);
            Assert.Contains("consent.valid.json (consent): 3 accepted", output, StringComparison.Ordinal);

            var (replayed, topic, replayError) = await CliRunner.RunAsync("replay", "exchange.consent.v1", "--setting", setting);

            Assert.True(replayed == 0, replayError + topic);
            var recordIds = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(samples))!.AsArray().Select(c => (string)c!["recordId"]!).ToList();
            var lines = topic.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(recordIds.Count, lines.Length);
            Assert.All(recordIds, id => Assert.Contains(lines, l => l.StartsWith("exchange.consent.v1/", StringComparison.Ordinal) && l.Contains($"\"recordId\":\"{id}\"", StringComparison.Ordinal)));
        }
        finally
        {
            try { Directory.Delete(data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

[CollectionDefinition(ImportConsentReachesTheLogTests.Alone, DisableParallelization = true)]
public sealed class ImportConsentAloneCollection;
