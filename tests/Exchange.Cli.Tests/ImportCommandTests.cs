using System.Text;
using System.Text.Json.Nodes;

namespace Exchange.Cli.Tests;

public sealed class ImportCommandTests : IDisposable
{
    static ImportCommandTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    // Under /tmp: as root the embedded server runs as the postgres user, who must reach the folder.
    private readonly string _folder = Path.Combine("/tmp", $"exchange-cli-import-{Guid.NewGuid():N}");

    public ImportCommandTests() => Directory.CreateDirectory(_folder);

    private string Data => $"Exchange:Postgres:DataDirectory={_folder}/postgres";

    private static string ExportFixture => Path.Combine(CliRunner.RepositoryRoot, "tests", "Exchange.Adapters.Tests", "Payloads", "sis-graduates-2026.gbk.csv");

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Import_of_a_GBK_student_system_export_accepts_every_good_row_derives_the_cohort_and_names_the_unknown_columns()
    {
        var export = Path.Combine(_folder, "graduates.csv");
        File.Copy(ExportFixture, export);

        var (exit, output, error) = await CliRunner.RunAsync("import", export, "--kind", "graduate", "--charset", "GBK", "--setting", Data);

        Assert.True(exit == 1, $"exit {exit}: {error}{output}");
        Assert.Contains("graduates.csv (graduate): 6 accepted, 0 duplicate, 1 rejected", output, StringComparison.Ordinal);
        foreach (var column in new[] { "mzm", "zzmmm", "xldm" })
            Assert.Contains($"warning csv.unknown-header The column '{column}' is not in the mapping profile", output, StringComparison.Ordinal);
        Assert.Matches(@"exchange\.graduate\.v1\s*│\s*6\s*│", output);
        var report = await File.ReadAllTextAsync(export + ".rejected.csv");
        Assert.Contains("8,sfzjh,4111010001-2201210107,resident-id.check-character", report, StringComparison.Ordinal);
        Assert.Contains("1,xldm,,csv.unknown-header", report, StringComparison.Ordinal);
        Assert.DoesNotContain("410102200310101550", report + output, StringComparison.Ordinal);

        // Without --charset the bytes are recognised as GB18030; the same rows are duplicates.
        var (again, againOutput, againError) = await CliRunner.RunAsync("import", export, "--kind", "graduate", "--setting", Data);

        Assert.True(again == 1, $"exit {again}: {againError}{againOutput}");
        Assert.Contains("read as gb18030 through mapping profile 'graduate'", againOutput, StringComparison.Ordinal);
        Assert.Contains("graduates.csv (graduate): 0 accepted, 6 duplicate, 1 rejected", againOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_reads_GBK_NDJSON_and_FHIR_bundles_of_certifications_and_consents_as_the_push_API_does()
    {
        var graduates = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(CliRunner.RepositoryRoot, "samples", "graduate.valid.json")))!.AsArray();
        var ndjson = Path.Combine(_folder, "graduates.ndjson");
        await File.WriteAllBytesAsync(ndjson, Encoding.GetEncoding("GBK").GetBytes(string.Join("\n", graduates.Select(g => g!.ToJsonString()))));
        var certifications = Write("certifications.fhir.json", CertificationBundle());
        var consents = Write("consents.json", ConsentBundle(graduates[0]!["residentId"]!.GetValue<string>()));

        var fromNdjson = await CliRunner.RunAsync("import", ndjson, "--kind", "graduate", "--charset", "GBK", "--setting", Data);
        var fromFhir = await CliRunner.RunAsync("import", certifications, "--kind", "certification", "--setting", Data);
        var fromFhirByFlag = await CliRunner.RunAsync("import", consents, "--kind", "consent", "--format", "fhir", "--setting", Data);

        Assert.True(fromNdjson.ExitCode == 0, fromNdjson.Error + fromNdjson.Output);
        Assert.Contains($"graduates.ndjson (graduate): {graduates.Count} accepted", fromNdjson.Output, StringComparison.Ordinal);
        Assert.True(fromFhir.ExitCode == 0, fromFhir.Error + fromFhir.Output);
        Assert.Contains("certifications.fhir.json (certification): 1 accepted, 0 duplicate, 0 rejected", fromFhir.Output, StringComparison.Ordinal);
        Assert.True(fromFhirByFlag.ExitCode == 0, fromFhirByFlag.Error + fromFhirByFlag.Output);
        Assert.Contains("consents.json (consent): 1 accepted, 0 duplicate, 0 rejected", fromFhirByFlag.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_exits_non_zero_with_the_reason_when_a_file_is_unreadable_or_every_record_is_rejected()
    {
        var notCsv = Path.Combine(_folder, "broken.csv");
        await File.WriteAllBytesAsync(notCsv, [0x78, 0x68, 0x0A, 0x81, 0x20, 0x0A]);
        var empty = Write("empty.json", "  \n");
        var invalid = Path.Combine(CliRunner.RepositoryRoot, "samples", "graduate.invalid.json");

        var unreadableCsv = await CliRunner.RunAsync("import", notCsv, "--kind", "graduate", "--setting", Data);
        var unreadableJson = await CliRunner.RunAsync("import", empty, "--kind", "graduate", "--setting", Data);
        var allRejected = await CliRunner.RunAsync("import", invalid, "--kind", "graduate", "--report", Path.Combine(_folder, "r.csv"), "--setting", Data);

        Assert.True(unreadableCsv.ExitCode == 2, unreadableCsv.Error + unreadableCsv.Output);
        Assert.Contains("error csv.encoding", unreadableCsv.Output, StringComparison.Ordinal);
        Assert.Contains("error csv.encoding: nothing was imported from 'broken.csv'.", unreadableCsv.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("0 accepted", unreadableCsv.Output, StringComparison.Ordinal);
        Assert.True(unreadableJson.ExitCode == 2, unreadableJson.Error + unreadableJson.Output);
        Assert.Contains("error input.empty: nothing was imported from 'empty.json'.", unreadableJson.Error, StringComparison.Ordinal);
        Assert.True(allRejected.ExitCode == 1, allRejected.Error + allRejected.Output);
        Assert.Contains("error import.all-rejected: every record of 'graduate.invalid.json' was rejected", allRejected.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_refuses_a_format_it_cannot_tell_or_that_does_not_fit_the_kind_before_opening_the_database()
    {
        var text = Write("graduates.txt", "[]");
        var csv = Write("graduates.csv", "xh\n1\n");

        var unknown = await CliRunner.RunAsync("import", text, "--kind", "graduate", "--setting", Data);
        var fhirGraduates = await CliRunner.RunAsync("import", text, "--kind", "graduate", "--format", "fhir", "--setting", Data);
        var profileForJson = await CliRunner.RunAsync("import", text, "--kind", "graduate", "--format", "json", "--profile", "graduate", "--setting", Data);
        var charsetForFhir = await CliRunner.RunAsync("import", text, "--kind", "consent", "--format", "fhir", "--charset", "GBK", "--setting", Data);

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("error input.unknown-format: the format of 'graduates.txt' is not known from its extension; give --format json|ndjson|csv|fhir.", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(2, fhirGraduates.ExitCode);
        Assert.Contains("FHIR R4 is read for certification and consent records only, not graduate.", fhirGraduates.Error, StringComparison.Ordinal);
        Assert.Equal(2, profileForJson.ExitCode);
        Assert.Contains("--profile applies to CSV files only.", profileForJson.Error, StringComparison.Ordinal);
        Assert.Equal(2, charsetForFhir.ExitCode);
        Assert.Contains("--charset applies to CSV, JSON and NDJSON files only", charsetForFhir.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "postgres")), "the database was started for input that cannot be used");
        Assert.True(File.Exists(csv));
    }

    [Fact]
    public async Task A_mapping_profile_with_a_constant_of_the_wrong_type_refuses_the_start_naming_the_file_and_entry_without_a_stack_trace()
    {
        var profiles = Directory.CreateDirectory(Path.Combine(_folder, "profiles")).FullName;
        var profile = Path.Combine(profiles, "school.json");
        await File.WriteAllTextAsync(profile, """{ "name": "school", "kind": "graduate", "extends": "graduate", "constants": { "institutionCode": 4141010001 } }""");

        var (exit, output, error) = await CliRunner.RunAsync("serve", "--exit-after-import", "--urls", "http://127.0.0.1:0",
            "--setting", Data, "--setting", $"Exchange:Ingest:ProfilesDirectory={profiles}");

        Assert.True(exit == 2, $"exit {exit}: {error}{output}");
        Assert.Contains($"Mapping profile file '{profile}', constants.institutionCode: the value is an integer, but the schema wants string.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal);
    }

    private static string CertificationBundle()
    {
        var c = JsonNode.Parse(File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "samples", "certification.valid.json")))!.AsArray()[0]!;
        var observation = new JsonObject
        {
            ["resourceType"] = "Observation",
            ["id"] = "cert-0",
            ["extension"] = new JsonArray(new JsonObject
            {
                ["url"] = "https://graduate-exchange.org/fhir/StructureDefinition/issuer-region", ["valueCode"] = (string)c["issuerRegion"]!,
            }),
            ["identifier"] = new JsonArray(new JsonObject { ["system"] = "https://bureau.example.gov.cn/certifications", ["value"] = (string)c["recordId"]! }),
            ["status"] = "final",
            ["code"] = new JsonObject
            {
                ["coding"] = new JsonArray(new JsonObject { ["system"] = "https://graduate-exchange.org/fhir/CodeSystem/hardship-type", ["code"] = (string)c["certificationType"]! }),
            },
            ["subject"] = new JsonObject { ["identifier"] = new JsonObject { ["system"] = "urn:oid:2.16.156.10011.1.1", ["value"] = (string)c["residentId"]! } },
            ["effectivePeriod"] = new JsonObject { ["start"] = (string)c["validFrom"]!, ["end"] = (string)c["validThrough"]! },
            ["performer"] = new JsonArray(new JsonObject
            {
                ["identifier"] = new JsonObject { ["system"] = "https://graduate-exchange.org/fhir/NamingSystem/uscc", ["value"] = (string)c["issuerCreditCode"]! },
                ["display"] = (string)c["issuerName"]!,
            }),
        };
        return new JsonObject { ["resourceType"] = "Bundle", ["type"] = "collection", ["entry"] = new JsonArray(new JsonObject { ["resource"] = observation }) }.ToJsonString();
    }

    private static string ConsentBundle(string residentId)
    {
        var consent = File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "tests", "Exchange.Hub.Tests", "Steward", "consent.fhir.json"))
            .Replace("{{residentId}}", residentId, StringComparison.Ordinal)
            .Replace("{{grantee}}", "914403001922038216", StringComparison.Ordinal);
        return new JsonObject { ["resourceType"] = "Bundle", ["type"] = "collection", ["entry"] = new JsonArray(new JsonObject { ["resource"] = JsonNode.Parse(consent) }) }.ToJsonString();
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
