using System.Text;
using System.Text.Json;
using Exchange.Core.Model;
using Exchange.Core.Validation;
using Exchange.Core.Validation.Compiled;
using NJsonSchema;

namespace Exchange.Core.Tests;

public sealed class CompiledStructuralValidatorTests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    [Fact]
    public void A_name_of_characters_beyond_the_basic_plane_is_measured_in_code_points()
    {
        // 𠮷 is one code point and two UTF-16 units: 64 of them fill the 64 characters a name may have.
        var atLimit = Graduate(name: string.Concat(Enumerable.Repeat("𠮷", 64)));
        var overLimit = Graduate(name: string.Concat(Enumerable.Repeat("𠮷", 65)));
        var compiled = new CompiledStructuralValidator(fixture.Schemas);

        Assert.Empty(compiled.Validate(RecordKind.Graduate, atLimit));
        var problem = Assert.Single(compiled.Validate(RecordKind.Graduate, overLimit));
        Assert.Equal((ProblemCodes.SchemaLength, "/name"), (problem.Code, problem.Pointer));
        // The reference counts UTF-16 units, which is why the conformance corpus keeps to the basic plane.
        Assert.Contains(new StructuralValidator(fixture.Schemas).Validate(RecordKind.Graduate, atLimit), p => p.Code == ProblemCodes.SchemaLength);
    }

    [Fact]
    public void A_cohort_beyond_the_decimal_range_is_a_range_problem_not_an_exception()
    {
        var record = Encoding.UTF8.GetString(Graduate()).Replace("\"cohort\":2026", "\"cohort\":1e400", StringComparison.Ordinal);

        var result = fixture.Validator.Validate(RecordKind.Graduate, Encoding.UTF8.GetBytes(record));

        Assert.Contains(result.Problems, p => p.Code == ProblemCodes.SchemaRange && p.Pointer == "/cohort");
        Assert.Contains(result.Problems, p => p.Code == ProblemCodes.SchemaType && p.Pointer == "/cohort");
    }

    [Fact]
    public void A_cohort_with_more_digits_than_a_long_holds_is_a_range_problem_not_an_exception()
    {
        var record = Encoding.UTF8.GetString(Graduate()).Replace("\"cohort\":2026", "\"cohort\":123456789012345678901234567890123", StringComparison.Ordinal);

        var result = fixture.Validator.Validate(RecordKind.Graduate, Encoding.UTF8.GetBytes(record));

        var problem = Assert.Single(result.Problems);
        Assert.Equal((ProblemCodes.SchemaRange, "/cohort"), (problem.Code, problem.Pointer));
    }

    [Fact]
    public void A_lone_surrogate_escape_in_a_name_is_judged_not_thrown()
    {
        var record = Encoding.UTF8.GetString(Graduate()).Replace("\"name\":\"", "\"name\":\"\\ud800", StringComparison.Ordinal);

        var problems = new CompiledStructuralValidator(fixture.Schemas).Validate(RecordKind.Graduate, Encoding.UTF8.GetBytes(record));

        Assert.Empty(problems);
        var result = fixture.Validator.Validate(RecordKind.Graduate, Encoding.UTF8.GetBytes(record));
        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task A_pattern_that_runs_out_of_time_is_a_problem_of_the_record_not_an_exception()
    {
        // Nested quantifiers backtrack exponentially on a near-miss: forty a's and a ! take far longer than the limit.
        var schema = await JsonSchema.FromJsonAsync("""{"type":"object","properties":{"code":{"type":"string","pattern":"^(a+)+$"}}}""");
        var compiled = CompiledSchema.Compile(schema, TimeSpan.FromMilliseconds(20));

        var problems = compiled.Validate("""{"code":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"}"""u8);

        var problem = Assert.Single(problems);
        Assert.Equal((ProblemCodes.SchemaPattern, "/code"), (problem.Code, problem.Pointer));
        Assert.Contains("in time", problem.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(problem.MessageZh));
    }

    [Theory]
    [InlineData("""{"colour":"red","size":1}""")]
    [InlineData("""{"colour":"mauve","size":3}""")]
    [InlineData("""{"colour":1,"size":"1"}""")]
    [InlineData("""{"colour":null,"size":true}""")]
    [InlineData("""{"colour":["red"],"size":{}}""")]
    public async Task Enumerations_are_judged_as_NJsonSchema_judges_them(string record)
    {
        var schema = await JsonSchema.FromJsonAsync(
            """{"type":"object","properties":{"colour":{"type":"string","enum":["red","green"]},"size":{"type":"integer","enum":[1,2]}}}""");

        var expected = Describe(StructuralValidator.Validate(schema, Encoding.UTF8.GetBytes(record)));
        var actual = Describe(CompiledSchema.Compile(schema, CompiledSchema.DefaultPatternTimeout).Validate(Encoding.UTF8.GetBytes(record)));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task A_schema_using_a_keyword_the_forward_pass_does_not_implement_is_refused_at_load()
    {
        var schema = await JsonSchema.FromJsonAsync("""{"type":"object","properties":{"a":{"anyOf":[{"type":"string"},{"type":"integer"}]}}}""");

        var refusal = Assert.Throws<NotSupportedException>(() => CompiledSchema.Compile(schema, CompiledSchema.DefaultPatternTimeout));
        Assert.Contains("anyOf", refusal.Message, StringComparison.Ordinal);
    }

    private static List<string> Describe(IReadOnlyList<Problem> problems) =>
        problems.Select(p => $"{p.Code} {p.Pointer} {p.Message} {p.MessageZh}").Order(StringComparer.Ordinal).ToList();

    private static byte[] Graduate(string? name = null)
    {
        var samples = JsonDocument.Parse(File.ReadAllBytes(Repository.PathOf("samples", "graduate.valid.json")));
        var record = System.Text.Json.Nodes.JsonNode.Parse(samples.RootElement[0].GetRawText())!;
        if (name is not null)
            record["name"] = name;
        return Encoding.UTF8.GetBytes(record.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
}
