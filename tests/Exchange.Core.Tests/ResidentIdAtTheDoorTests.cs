using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Core.Identifiers;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Core.Validation;

namespace Exchange.Core.Tests;

/// <summary>
/// A resident id anywhere but <c>residentId</c>: refused where it would be an identifier or a
/// number, replaced where it is free text, and never echoed by a problem.
/// </summary>
public sealed class ResidentIdAtTheDoorTests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    private const string Id = "410102200304120222";

    private static JsonObject Graduate() => JsonNode.Parse(File.ReadAllText(Repository.PathOf("samples", "graduate.valid.json")))!.AsArray()[0]!.DeepClone().AsObject();

    private RecordValidationResult Validate(RecordKind kind, JsonNode record) => fixture.Validator.Validate(kind, Encoding.UTF8.GetBytes(record.ToJsonString()));

    [Theory]
    [InlineData("recordId", "/recordId")]
    [InlineData("studentId", "/studentId")]
    public void Record_whose_identifier_field_holds_a_resident_id_is_refused_without_echoing_it(string field, string pointer)
    {
        var graduate = Graduate();
        graduate[field] = Id;

        var result = Validate(RecordKind.Graduate, graduate);

        var problem = Assert.Single(result.Problems, p => p.Code == ProblemCodes.ResidentIdMisplaced);
        Assert.Equal(pointer, problem.Pointer);
        Assert.DoesNotContain(Id, problem.Message + problem.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_property_named_by_a_resident_id_is_reported_with_the_id_replaced()
    {
        var graduate = Graduate();
        graduate[Id] = "x";

        var result = Validate(RecordKind.Graduate, graduate);

        Assert.False(result.IsValid);
        Assert.All(result.Problems, p => Assert.False(ResidentIdScrubber.ContainsResidentId(p.Pointer + p.Message + p.MessageZh), p.ToString()));
        Assert.Contains(result.Problems, p => p.Pointer.Contains(ResidentIdScrubber.Marker, StringComparison.Ordinal) || p.Message.Contains(ResidentIdScrubber.Marker, StringComparison.Ordinal));
    }

    [Fact]
    public void Policy_cohort_outside_the_years_of_graduation_is_refused()
    {
        var policy = JsonNode.Parse(File.ReadAllText(Repository.PathOf("samples", "policy.valid.json")))!.AsArray()[0]!.DeepClone().AsObject();
        policy["eligibility"]!["cohorts"] = new JsonArray(1900);
        Assert.Contains(Validate(RecordKind.Policy, policy).Problems, p => p.Code == ProblemCodes.SchemaRange);

        // A resident id as a number does not even fit the field; the problem names no id.
        policy["eligibility"]!["cohorts"] = new JsonArray(410102200304120222L);
        Assert.All(Validate(RecordKind.Policy, policy).Problems, p => Assert.False(ResidentIdScrubber.ContainsResidentId(p.Message + p.Pointer)));
    }

    [Fact]
    public void Sealing_replaces_a_resident_id_in_free_text_and_keeps_the_text()
    {
        var feedback = JsonNode.Parse(File.ReadAllText(Repository.PathOf("samples", "feedback.valid.json")))!.AsArray()[0]!.DeepClone().AsObject();
        feedback["comment"] = "同学 110105491231002 推荐的岗位很好";
        var result = Validate(RecordKind.Feedback, feedback);
        Assert.True(result.IsValid, string.Join("; ", result.Problems));

        var envelope = new Pseudonymiser(new LinkageKeys(RandomNumberGenerator.GetBytes(32)), TimeProvider.System)
            .Seal(result.Record!, RecordKind.Feedback, "12100000400000624D");

        Assert.Equal("同学 " + ResidentIdScrubber.Marker + " 推荐的岗位很好", envelope.Record.GetProperty("comment").GetString());
        var canonical = RecordJson.SerializeToUtf8Bytes(RecordJson.Deserialize(RecordKind.Feedback, Encoding.UTF8.GetBytes(envelope.Record.GetRawText())), RecordKind.Feedback);
        Assert.Equal(Pseudonymiser.ContentHashOf(envelope.SubjectKey, canonical), envelope.ContentHash);
    }
}
