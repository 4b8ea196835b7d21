using System.Text;
using Exchange.Core.Batches;
using Exchange.Core.Model;
using Exchange.Core.Validation;

namespace Exchange.Core.Tests;

public sealed class BatchTests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    // Compact, so that one record is one NDJSON line.
    private static readonly string s_validGraduate = System.Text.Json.JsonSerializer.Serialize(
        System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Repository.PathOf("samples", "graduate.valid.json"))).RootElement[0],
        new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private BatchOutcome Validate(string text) => fixture.Batches.Validate(RecordKind.Graduate, Encoding.UTF8.GetBytes(text));

    [Fact]
    public void One_bad_record_in_an_array_never_sinks_the_others()
    {
        var outcome = Validate($"[{s_validGraduate}, {{\"broken\": ]}}, {s_validGraduate}]");

        Assert.Equal(3, outcome.Records.Count);
        Assert.True(outcome.Records[0].Result.IsValid);
        Assert.False(outcome.Records[1].Result.IsValid);
        Assert.True(outcome.Records[2].Result.IsValid);
    }

    [Fact]
    public void One_deeply_nested_record_in_an_array_never_sinks_the_others()
    {
        var deep = "{\"a\":" + new string('[', 10_000) + new string(']', 10_000) + "}";
        var outcome = Validate($"[{s_validGraduate},{deep},{s_validGraduate}]");

        Assert.Equal([true, false, true], outcome.Records.Select(r => r.Result.IsValid));
        Assert.Equal(ProblemCodes.InputTooDeep, outcome.Records[1].Result.Problems.Single().Code);
    }

    [Fact]
    public void NDJSON_lines_are_judged_one_by_one_with_their_line_numbers()
    {
        var outcome = Validate($"{s_validGraduate}\nnot json\n\n{s_validGraduate}\n");

        Assert.Equal([1, 2, 4], outcome.Records.Select(r => r.Line));
        Assert.Equal([true, false, true], outcome.Records.Select(r => r.Result.IsValid));
    }

    [Fact]
    public void A_single_record_pretty_printed_over_many_lines_is_one_record()
    {
        var pretty = System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(s_validGraduate).RootElement,
            new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var outcome = Validate(pretty);

        Assert.True(Assert.Single(outcome.Records).Result.IsValid);
    }

    [Fact]
    public void Unclosed_array_keeps_the_records_before_the_break()
    {
        var outcome = Validate($"[{s_validGraduate}, {s_validGraduate}");

        Assert.NotNull(outcome.BatchProblem);
        Assert.Equal(2, outcome.Records.Count);
        Assert.True(outcome.Records[0].Result.IsValid);
    }

    [Fact]
    public void Text_after_the_array_is_a_batch_problem()
    {
        var outcome = Validate($"[{s_validGraduate}] trailing");

        Assert.Equal(ProblemCodes.InputNotJson, outcome.BatchProblem?.Code);
        Assert.True(Assert.Single(outcome.Records).Result.IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    public void Empty_batch_is_a_batch_problem(string text)
    {
        Assert.Equal(ProblemCodes.InputEmpty, Validate(text).BatchProblem?.Code);
    }

    [Fact]
    public void CSV_passed_as_JSON_is_a_batch_problem()
    {
        Assert.Equal(ProblemCodes.InputNotJson, Validate("xh,xm,zyh\n2022001,张三,080901\n").BatchProblem?.Code);
    }

    [Fact]
    public void Whole_GBK_file_passed_as_UTF8_is_answered_record_by_record()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GB18030").GetBytes($"[{s_validGraduate},{s_validGraduate}]");

        var outcome = fixture.Batches.Validate(RecordKind.Graduate, gbk);

        Assert.Equal(2, outcome.Records.Count);
        Assert.All(outcome.Records, r => Assert.Equal(ProblemCodes.InputEncoding, r.Result.Problems.Single().Code));
    }

    [Fact]
    public void Record_id_of_an_invalid_record_is_still_reported()
    {
        var outcome = Validate("[{\"recordId\": \"X-1\", \"cohort\": \"soon\"}]");
        Assert.Equal("X-1", Assert.Single(outcome.Records).RecordId);
    }

    [Fact]
    public void UTF8_byte_order_mark_is_ignored()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($"[{s_validGraduate}]")).ToArray();
        Assert.True(fixture.Batches.Validate(RecordKind.Graduate, bytes).AllValid);
    }

    [Fact]
    public void UTF16_batch_is_a_batch_problem()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes($"[{s_validGraduate}]")).ToArray();
        Assert.Equal(ProblemCodes.InputEncoding, fixture.Batches.Validate(RecordKind.Graduate, bytes).BatchProblem?.Code);
    }

    private static string GraduateNumbered(int index) => s_validGraduate.Replace(
        "\"recordId\":\"", $"\"recordId\":\"N{index:D4}-", StringComparison.Ordinal);

    [Theory]
    [InlineData("unclosed string", "\"gender\":\"")]
    [InlineData("stray closing brace", "}}")]
    [InlineData("escaped closing quote", "\"x\":\"a\\\"")]
    [InlineData("missing closing brace", "\"skills\":[{\"a\":1},{\"b\":2}]")]
    public void Syntax_error_in_record_500_of_1000_loses_only_that_record(string why, string breakage)
    {
        var records = Enumerable.Range(0, 1000).Select(GraduateNumbered).ToList();
        records[499] = why switch
        {
            "missing closing brace" => records[499][..^1] + "," + breakage,
            _ => records[499][..^1] + "," + breakage + "}",
        };

        var outcome = Validate("[\n" + string.Join(",\n", records) + "\n]");
        var split = RecordSplitter.Cut(Encoding.UTF8.GetBytes("[\n" + string.Join(",\n", records) + "\n]"));

        Assert.Equal(1000, outcome.Records.Count);
        Assert.Equal(999, outcome.ValidCount);
        Assert.False(outcome.Records[499].Result.IsValid);
        Assert.Equal(501, outcome.Records[499].Line);
        Assert.Equal(1, split.UnreadableRecords);
    }

    [Fact]
    public void Stray_closing_bracket_between_records_does_not_end_the_batch()
    {
        var outcome = Validate($"[{GraduateNumbered(1)}],{GraduateNumbered(2)},\n{GraduateNumbered(3)}]");

        Assert.Equal([true, true, true], outcome.Records.Select(r => r.Result.IsValid));
        Assert.Null(outcome.BatchProblem);
    }

    [Fact]
    public void Broken_record_holding_an_array_of_objects_does_not_resume_inside_it()
    {
        var broken = "{\"recordId\":\"BROKEN\",\"skills\":[{\"a\":1},{\"b\":2},{\"c\":3}],\"name\":\"unclosed}";
        var outcome = Validate($"[{GraduateNumbered(1)},{broken},{GraduateNumbered(2)},{GraduateNumbered(3)}]");

        Assert.Equal(3, outcome.ValidCount);
        Assert.Equal(["N0001-", "N0002-", "N0003-"], outcome.Records.Where(r => r.Result.IsValid).Select(r => r.RecordId![..6]));
    }

    [Fact]
    public void Invalid_UTF8_in_one_record_is_answered_on_its_own()
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes("[" + GraduateNumbered(1) + ","));
        var broken = Encoding.UTF8.GetBytes(GraduateNumbered(2));
        broken[Array.FindIndex(broken, b => b >= 0x80)] = 0xFF; // the first byte of a Chinese character
        bytes.AddRange(broken);
        bytes.AddRange(Encoding.UTF8.GetBytes("," + GraduateNumbered(3) + "]"));

        var outcome = fixture.Batches.Validate(RecordKind.Graduate, bytes.ToArray());

        Assert.Equal([true, false, true], outcome.Records.Select(r => r.Result.IsValid));
        Assert.Equal(ProblemCodes.InputEncoding, outcome.Records[1].Result.Problems.Single().Code);
    }

    [Fact]
    public void NDJSON_with_a_broken_first_line_keeps_the_lines_after_it()
    {
        var outcome = Validate($"{{\"recordId\": \"broken\"\n{GraduateNumbered(1)}\n{GraduateNumbered(2)}\n");

        Assert.Equal([false, true, true], outcome.Records.Select(r => r.Result.IsValid));
    }
}
