using System.Text;
using Exchange.Core.Model;
using Exchange.Core.Validation;

namespace Exchange.Core.Tests;

/// <summary>Each kind of bad input is answered with a problem: never an exception, never a hang.</summary>
public sealed class BadInputTests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    private RecordValidationResult Validate(string json) => fixture.Validator.Validate(RecordKind.Graduate, Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"recordId\": ")]
    [InlineData("{\"recordId\": \"a\",}")]
    [InlineData("{'recordId': 'a'}")]
    public void File_that_is_not_JSON_gets_not_json(string text)
    {
        var result = Validate(text);
        Assert.Equal(ProblemCodes.InputNotJson, Assert.Single(result.Problems).Code);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("\"graduate\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void JSON_that_is_not_an_object_gets_not_object(string text)
    {
        Assert.Equal(ProblemCodes.InputNotObject, Assert.Single(Validate(text).Problems).Code);
    }

    [Theory]
    [InlineData("[1, 2]", "an array", "数组")]
    [InlineData("\"graduate\"", "a string", "字符串")]
    [InlineData("42", "a number", "数字")]
    [InlineData("true", "a boolean", "布尔值")]
    [InlineData("null", "null", "空值（null）")]
    public void The_Chinese_message_of_not_object_named_what_it_found_in_English(string text, string foundEn, string foundZh)
    {
        var problem = Assert.Single(Validate(text).Problems);

        Assert.Equal($"A record must be a JSON object; found {foundEn}.", problem.Message);
        Assert.Equal($"记录必须是 JSON 对象，实际为{foundZh}。", problem.MessageZh);
    }

    [Fact]
    public void Unknown_kind_gets_unknown_kind()
    {
        var result = fixture.Validator.Validate("student", "{}"u8);
        Assert.Equal(ProblemCodes.InputUnknownKind, Assert.Single(result.Problems).Code);
    }

    [Fact]
    public void String_of_10_MB_gets_too_large()
    {
        var json = "{\"recordId\": \"" + new string('a', 10 * 1024 * 1024) + "\"}";
        Assert.Equal(ProblemCodes.InputTooLarge, Assert.Single(Validate(json).Problems).Code);
    }

    [Fact]
    public void Nesting_10000_levels_deep_gets_too_deep()
    {
        var json = "{\"a\":" + string.Concat(Enumerable.Repeat("[", 10_000)) + string.Concat(Enumerable.Repeat("]", 10_000)) + "}";
        Assert.Equal(ProblemCodes.InputTooDeep, Assert.Single(Validate(json).Problems).Code);
    }

    [Fact]
    public void Nesting_just_past_the_limit_gets_too_deep()
    {
        var json = "{\"a\":" + string.Concat(Enumerable.Repeat("{\"b\":", 17)) + "1" + new string('}', 18);
        Assert.Equal(ProblemCodes.InputTooDeep, Assert.Single(Validate(json).Problems).Code);
    }

    [Fact]
    public void Invalid_UTF8_gets_encoding()
    {
        byte[] bytes = [.. "{\"name\": \""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8];
        var problem = Assert.Single(fixture.Validator.Validate(RecordKind.Graduate, bytes).Problems);
        Assert.Equal(ProblemCodes.InputEncoding, problem.Code);
    }

    [Fact]
    public void GBK_record_passed_as_UTF8_gets_encoding_with_a_GB18030_hint()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GBK").GetBytes("{\"recordId\": \"G-1\", \"name\": \"张晓雯\", \"majorName\": \"会计学\"}");

        var problem = Assert.Single(fixture.Validator.Validate(RecordKind.Graduate, gbk).Problems);

        Assert.Equal(ProblemCodes.InputEncoding, problem.Code);
        Assert.Contains("GB18030", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_record_gets_empty()
    {
        Assert.Equal(ProblemCodes.InputEmpty, Assert.Single(Validate("  \n").Problems).Code);
    }

    [Fact]
    public void Empty_object_gets_one_required_problem_per_missing_property()
    {
        var problems = Validate("{}").Problems;
        Assert.All(problems, p => Assert.Equal(ProblemCodes.SchemaRequired, p.Code));
        Assert.Contains(problems, p => p.Pointer == "/name");
        Assert.Contains(problems, p => p.Pointer == "/recordId");
        // A graduate may come without a resident id: entity resolution finds its person.
        Assert.DoesNotContain(problems, p => p.Pointer == "/residentId");
    }

    [Fact]
    public void Wrong_type_deep_inside_gets_a_pointer_to_it()
    {
        var problems = Validate("{\"preferences\": {\"minMonthlyPay\": \"lots\"}}").Problems;
        Assert.Contains(problems, p => p.Code == ProblemCodes.SchemaType && p.Pointer == "/preferences/minMonthlyPay");
    }

    [Fact]
    public void A_referral_naming_its_vacancys_employer_by_a_code_with_a_wrong_check_character_gets_credit_code_check_character()
    {
        var referral = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Repository.PathOf("samples", "service.valid.json")))!.AsArray()[1]!.AsObject();
        Assert.Empty(fixture.Validator.Validate(RecordKind.Service, Encoding.UTF8.GetBytes(referral.ToJsonString())).Problems);

        referral["vacancyEmployerCreditCode"] = "91110000802100433C";
        var problem = Assert.Single(fixture.Validator.Validate(RecordKind.Service, Encoding.UTF8.GetBytes(referral.ToJsonString())).Problems);

        Assert.Equal((ProblemCodes.CreditCodeCheckCharacter, "/vacancyEmployerCreditCode"), (problem.Code, problem.Pointer));
    }

    [Fact]
    public void A_NUL_character_in_a_graduates_name_gets_text_nul_character_and_does_not_reach_the_merger()
    {
        // PostgreSQL text and jsonb cannot hold U+0000: accepted, the record stood the merger still on every retry.
        var graduate = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Repository.PathOf("samples", "graduate.valid.json")))!.AsArray()[0]!.AsObject();
        graduate["name"] = "张晓雯\u0000";
        graduate["skills"] = new System.Text.Json.Nodes.JsonArray("Excel", "a\\u0000 written out, which is no NUL");

        var problem = Assert.Single(Validate(graduate.ToJsonString()).Problems);

        Assert.Equal((ProblemCodes.TextNulCharacter, "/name"), (problem.Code, problem.Pointer));
        Assert.False(string.IsNullOrWhiteSpace(problem.MessageZh));
    }
}
