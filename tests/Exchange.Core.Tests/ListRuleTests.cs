using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Core.Model;
using Exchange.Core.Validation;

namespace Exchange.Core.Tests;

/// <summary>A list's rule judges each entry, and each problem points at the entry that has it.</summary>
public sealed class ListRuleTests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    [Fact]
    public void Each_bad_entry_of_a_graduates_lists_is_named_by_its_place()
    {
        var graduate = JsonNode.Parse(File.ReadAllText(Repository.PathOf("samples", "graduate.valid.json")))!.AsArray()[0]!.AsObject();
        graduate["preferences"] = new JsonObject
        {
            ["regions"] = new JsonArray("410100", "999999", "110000", "888888"),
            ["occupations"] = new JsonArray("2-06", "0-01"),
            ["contractTypes"] = new JsonArray("no-such-contract"),
        };
        graduate["hardshipFlags"] = new JsonArray("no-such-hardship");

        var problems = fixture.Validator.Validate(RecordKind.Graduate, JsonSerializer.SerializeToUtf8Bytes(graduate)).Problems;

        Assert.Equal(
            [
                ("/hardshipFlags/0", ProblemCodes.CodeUnknown),
                ("/preferences/contractTypes/0", ProblemCodes.CodeUnknown),
                ("/preferences/occupations/1", ProblemCodes.CodeUnknown),
                ("/preferences/regions/1", ProblemCodes.CodeUnknown),
                ("/preferences/regions/3", ProblemCodes.CodeUnknown),
            ],
            problems.Select(p => (p.Pointer, p.Code)).Order());
        Assert.Contains(problems, p => p.Pointer == "/preferences/regions/3" && p.Message.Contains("'888888'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_graduate_without_preferences_has_no_preference_to_judge()
    {
        var graduate = JsonNode.Parse(File.ReadAllText(Repository.PathOf("samples", "graduate.valid.json")))!.AsArray()[0]!.AsObject();
        graduate.Remove("preferences");

        Assert.True(fixture.Validator.Validate(RecordKind.Graduate, JsonSerializer.SerializeToUtf8Bytes(graduate)).IsValid);
    }
}
