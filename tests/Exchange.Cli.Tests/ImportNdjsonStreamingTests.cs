using System.Text;
using System.Text.Json.Nodes;

namespace Exchange.Cli.Tests;

public sealed class ImportNdjsonStreamingTests : IDisposable
{
    // Under /tmp: as root the embedded server runs as the postgres user, who must reach the folder.
    private readonly string _folder = Path.Combine("/tmp", $"exchange-cli-ndjson-{Guid.NewGuid():N}");

    public ImportNdjsonStreamingTests() => Directory.CreateDirectory(_folder);

    private string Data => $"Exchange:Postgres:DataDirectory={_folder}/postgres";

    [Fact]
    public async Task Import_of_NDJSON_over_several_chunks_answers_each_broken_or_invalid_line_by_its_line_and_reads_the_lines_around_it()
    {
        // 2,300 graduates over three chunks of the pipeline, with blank lines, CRLF, one line that is
        // not JSON (record 700) and one graduate whose cohort is not a year (record 2,100).
        var graduates = JsonNode.Parse(SampleGraduates.Json("ND", new DateOnly(2001, 3, 1), 0, 2_300))!.AsArray();
        graduates[2_100]!["cohort"] = "next year";
        var text = new StringBuilder("\r\n");
        for (var i = 0; i < graduates.Count; i++)
        {
            text.Append(i == 700 ? "{\"recordId\": \"ND00700\", \"name\": " : graduates[i]!.ToJsonString()).Append("\r\n");
            if (i % 500 == 0)
                text.Append('\n');
        }
        var path = Path.Combine(_folder, "graduates.ndjson");
        await File.WriteAllTextAsync(path, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

        var (exit, output, error) = await CliRunner.RunAsync("import", path, "--kind", "graduate", "--setting", Data);

        Assert.True(exit == 1, $"exit {exit}: {error}{output}");
        Assert.Contains("graduates.ndjson (graduate): 2298 accepted, 0 duplicate, 2 rejected", output, StringComparison.Ordinal);
        Assert.Contains("warning input.unreadable-records 1 record(s) are not well-formed JSON", output, StringComparison.Ordinal);
        var report = await File.ReadAllLinesAsync(path + ".rejected.csv", Encoding.UTF8);
        Assert.Equal("row,column,recordId,code,message,messageZh", report[0]);
        // Line 1 is blank, and a blank line follows every 500th record from record 0 on: record 700 is on line 704, record 2,100 on line 2,107.
        Assert.True(report.Any(l => l.StartsWith("record 700 (line 704),", StringComparison.Ordinal)), string.Join('\n', report));
        Assert.True(report.Any(l => l.StartsWith("record 2100 (line 2107),/cohort,ND02100,", StringComparison.Ordinal)), string.Join('\n', report));
        Assert.Equal(3, report.Length);
        Assert.DoesNotContain(graduates[2_100]!["residentId"]!.GetValue<string>(), string.Join('\n', report) + output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_of_NDJSON_rejects_a_line_longer_than_any_record_by_its_length_and_imports_the_lines_after_it()
    {
        var graduates = JsonNode.Parse(SampleGraduates.Json("OV", new DateOnly(2001, 3, 1), 0, 3))!.AsArray();
        var oversize = "{\"note\": \"" + new string('x', 3 * 1024 * 1024) + "\"}";
        var path = Path.Combine(_folder, "oversize.ndjson");
        await File.WriteAllTextAsync(path, string.Join('\n', graduates[0]!.ToJsonString(), oversize, graduates[1]!.ToJsonString(), graduates[2]!.ToJsonString()),
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

        var (exit, output, error) = await CliRunner.RunAsync("import", path, "--kind", "graduate", "--setting", Data);

        Assert.True(exit == 1, $"exit {exit}: {error}{output}");
        Assert.Contains("oversize.ndjson (graduate): 3 accepted, 0 duplicate, 1 rejected", output, StringComparison.Ordinal);
        var report = await File.ReadAllLinesAsync(path + ".rejected.csv", Encoding.UTF8);
        Assert.Equal(2, report.Length);
        Assert.StartsWith("record 1 (line 2),", report[1], StringComparison.Ordinal);
        Assert.Contains($"input.too-large,The record is {oversize.Length} bytes", report[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_of_a_file_too_large_to_read_whole_is_refused_with_a_problem_not_a_crash()
    {
        // Not NDJSON, so it would be read whole; sparse, so it takes no disk.
        var path = Path.Combine(_folder, "huge.json");
        await using (var file = File.Create(path))
            file.SetLength(3L * 1024 * 1024 * 1024);

        var (exit, output, error) = await CliRunner.RunAsync("import", path, "--kind", "graduate", "--setting", Data);

        Assert.True(exit == 2, $"exit {exit}: {error}{output}");
        Assert.Contains("error input.too-large", output, StringComparison.Ordinal);
        Assert.Contains("NDJSON", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
