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
}
