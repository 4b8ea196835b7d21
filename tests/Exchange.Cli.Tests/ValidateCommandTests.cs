using System.Text;
using System.Text.Json;

namespace Exchange.Cli.Tests;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task Exits_0_when_every_record_of_every_sample_is_valid()
    {
        var files = Directory.GetFiles(Path.Combine(CliRunner.RepositoryRoot, "samples"), "*.valid.json");
        var (exit, output, _) = await CliRunner.RunAsync(["validate", .. files]);

        Assert.Equal(0, exit);
        Assert.Equal(8, files.Length);
        Assert.Contains("0 invalid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exits_1_and_reports_each_problem_as_JSON_when_records_are_invalid()
    {
        var (exit, output, _) = await CliRunner.RunAsync("validate", "samples/graduate.invalid.json", "--kind", "graduate", "--format", "json");

        Assert.Equal(1, exit);
        using var report = JsonDocument.Parse(output);
        var records = report.RootElement.GetProperty("records").EnumerateArray().ToList();
        Assert.All(records, r => Assert.False(r.GetProperty("valid").GetBoolean()));
        var first = records[0].GetProperty("problems")[0];
        Assert.Equal("resident-id.check-character", first.GetProperty("code").GetString());
        Assert.Equal("/residentId", first.GetProperty("pointer").GetString());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("messageZh").GetString()));
        Assert.Equal(records.Count, report.RootElement.GetProperty("summary").GetProperty("invalid").GetInt32());
    }

    [Fact]
    public async Task Prints_a_table_with_one_row_per_record_and_a_summary()
    {
        var (exit, output, _) = await CliRunner.RunAsync("validate", "samples/vacancy.invalid.json");

        Assert.Equal(1, exit);
        Assert.Contains("BAD-pay-min-above-max", output, StringComparison.Ordinal);
        Assert.Contains("pay.min-above-max", output, StringComparison.Ordinal);
        Assert.Contains("9 records: 0 valid, 9 invalid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_kind_exits_2_with_a_problem()
    {
        var (exit, _, error) = await CliRunner.RunAsync("validate", "samples/graduate.valid.json", "--kind", "student");

        Assert.Equal(2, exit);
        Assert.Contains("input.unknown-kind", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_file_exits_2_with_a_problem()
    {
        var (exit, _, error) = await CliRunner.RunAsync("validate", "samples/nothing-here.json", "--kind", "graduate");

        Assert.Equal(2, exit);
        Assert.Contains("input.file-missing", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NDJSON_file_with_a_GBK_line_reports_that_line_and_keeps_the_others()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var sample = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(CliRunner.RepositoryRoot, "samples", "graduate.valid.json"))).RootElement;
        var options = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var line0 = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(sample[0], options) + "\n");
        var line1 = Encoding.GetEncoding("GBK").GetBytes(JsonSerializer.Serialize(sample[1], options) + "\n");
        var path = Path.Combine(Path.GetTempPath(), $"mixed-{Guid.NewGuid():N}.ndjson");
        await File.WriteAllBytesAsync(path, [.. line0, .. line1]);
        try
        {
            var (exit, output, _) = await CliRunner.RunAsync("validate", path, "--kind", "graduate", "--format", "json");

            Assert.Equal(1, exit);
            using var report = JsonDocument.Parse(output);
            var records = report.RootElement.GetProperty("records");
            Assert.True(records[0].GetProperty("valid").GetBoolean());
            Assert.Equal("input.encoding", records[1].GetProperty("problems")[0].GetProperty("code").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Checked_in_schemas_match_the_types()
    {
        var (exit, _, error) = await CliRunner.RunAsync("schemas", "check", "schemas");
        Assert.True(exit == 0, error);
    }
}
