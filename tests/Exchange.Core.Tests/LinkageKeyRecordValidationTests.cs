using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Core.Model;
using Exchange.Core.Validation;

namespace Exchange.Core.Tests;

/// <summary>
/// A record the hub builds for a subject it knows only by linkage key (a graduate's own consent) is
/// held to every structural and business rule a pushed record meets, the resident id's presence aside.
/// </summary>
public sealed class LinkageKeyRecordValidationTests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    private static JsonObject ConsentWithoutResidentId()
    {
        var consent = JsonNode.Parse(File.ReadAllText(Repository.PathOf("samples", "consent.valid.json")))!.AsArray()[0]!.AsObject();
        consent.Remove("residentId");
        return consent;
    }

    private static byte[] Bytes(JsonObject record) => JsonSerializer.SerializeToUtf8Bytes(record);

    [Fact]
    public void A_consent_without_a_resident_id_passes_only_where_the_subject_is_known_by_linkage_key()
    {
        var consent = ConsentWithoutResidentId();

        Assert.True(fixture.Validator.ValidateKnownByLinkageKey(RecordKind.Consent, Bytes(consent)).IsValid);
        Assert.Contains(fixture.Validator.Validate(RecordKind.Consent, Bytes(consent)).Problems,
            p => p.Pointer == "/residentId" && p.Code == ProblemCodes.SchemaRequired);
    }

    [Theory]
    [InlineData("/evidence/reference", ProblemCodes.SchemaLength)]
    [InlineData("/evidence/method", ProblemCodes.CodeUnknown)]
    [InlineData("/dataCategories", ProblemCodes.ConsentSensitiveNotSeparate)]
    [InlineData("/unexpected", ProblemCodes.SchemaAdditionalProperty)]
    [InlineData("/residentId", ProblemCodes.ResidentIdCheckCharacter)]
    public void A_consent_known_by_linkage_key_is_refused_on_every_other_rule_with_the_pointer_and_code_a_pushed_one_gets(string pointer, string code)
    {
        var consent = ConsentWithoutResidentId();
        switch (pointer)
        {
            case "/evidence/reference": consent["evidence"]!["reference"] = new string('x', 201); break;
            case "/evidence/method": consent["evidence"]!["method"] = "nodded"; break;
            case "/dataCategories": consent["dataCategories"] = new JsonArray("education", "hardship"); break;
            case "/unexpected": consent["unexpected"] = true; break;
            // A resident id sent anyway is judged as sent.
            case "/residentId": consent["residentId"] = "110105194912310021"; break;
        }

        var result = fixture.Validator.ValidateKnownByLinkageKey(RecordKind.Consent, Bytes(consent));

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Pointer == pointer && p.Code == code);
    }
}
