using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;

namespace Exchange.Core.Tests;

public sealed class PseudonymisationTests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    private static readonly byte[] s_secretA = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] s_secretB = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Same_id_under_two_secrets_gives_unrelated_keys()
    {
        var a = new LinkageKeys(s_secretA).KeyFor("11010519491231002X")!;
        var b = new LinkageKeys(s_secretB).KeyFor("11010519491231002X")!;

        Assert.NotEqual(a, b);
        // Unrelated, not merely different: about half the bits differ.
        var differingBits = Convert.FromHexString(a).Zip(Convert.FromHexString(b)).Sum(p => int.PopCount(p.First ^ p.Second));
        Assert.InRange(differingBits, 80, 176);
    }

    [Fact]
    public void Legacy_15_digit_id_and_its_18_character_form_give_the_same_key()
    {
        var keys = new LinkageKeys(s_secretA);
        Assert.Equal(keys.KeyFor("11010519491231002X"), keys.KeyFor("110105491231002"));
    }

    [Fact]
    public void Lower_case_x_and_surrounding_spaces_give_the_same_key()
    {
        var keys = new LinkageKeys(s_secretA);
        Assert.Equal(keys.KeyFor("11010519491231002X"), keys.KeyFor(" 11010519491231002x\t"));
    }

    [Fact]
    public void Refuses_a_secret_shorter_than_32_bytes()
    {
        Assert.Throws<ArgumentException>(() => new LinkageKeys(new byte[16]));
    }

    [Fact]
    public void Malformed_id_gets_no_key()
    {
        Assert.Null(new LinkageKeys(s_secretA).KeyFor("410102200304120223"));
    }

    [Theory]
    [InlineData("graduate")]
    [InlineData("certification")]
    [InlineData("service")]
    [InlineData("placement")]
    [InlineData("consent")]
    [InlineData("feedback")]
    public void Envelope_never_carries_the_clear_id(string kindName)
    {
        RecordKinds.TryParse(kindName, out var kind);
        var pseudonymiser = new Pseudonymiser(new LinkageKeys(s_secretA), TimeProvider.System);
        var samples = JsonDocument.Parse(File.ReadAllBytes(Repository.PathOf("samples", $"{kindName}.valid.json"))).RootElement;

        foreach (var element in samples.EnumerateArray())
        {
            var bytes = Encoding.UTF8.GetBytes(element.GetRawText());
            var result = fixture.Validator.Validate(kind, bytes);
            Assert.True(result.IsValid);
            var clearId = element.GetProperty("residentId").GetString()!;

            var envelope = pseudonymiser.Seal(result.Record!, kind, "12100000400000624X");
            var json = JsonSerializer.Serialize(envelope, RecordJson.Options);

            Assert.DoesNotContain(clearId, json, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(clearId[..17], json, StringComparison.Ordinal);
            Assert.Equal(new LinkageKeys(s_secretA).KeyFor(clearId), envelope.SubjectKey);
            Assert.Equal(64, envelope.ContentHash.Length);
        }
    }

    [Fact]
    public void Sealing_the_same_record_twice_gives_the_same_content_hash()
    {
        var pseudonymiser = new Pseudonymiser(new LinkageKeys(s_secretA), TimeProvider.System);
        var first = JsonDocument.Parse(File.ReadAllBytes(Repository.PathOf("samples", "graduate.valid.json"))).RootElement[0];
        var record = fixture.Validator.Validate(RecordKind.Graduate, Encoding.UTF8.GetBytes(first.GetRawText())).Record!;

        var a = pseudonymiser.Seal(record, RecordKind.Graduate, "org");
        var b = pseudonymiser.Seal(record, RecordKind.Graduate, "org");

        Assert.Equal(a.ContentHash, b.ContentHash);
        Assert.NotEqual(a.Id, b.Id);
    }

    [Fact]
    public void A_sealed_record_holds_the_very_json_its_content_hash_was_taken_of()
    {
        var pseudonymiser = new Pseudonymiser(new LinkageKeys(s_secretA), TimeProvider.System);
        var first = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Repository.PathOf("samples", "graduate.valid.json")))!.AsArray()[0]!.AsObject();
        first["name"] = "汪晓伟";
        var withId = fixture.Validator.Validate(RecordKind.Graduate, Encoding.UTF8.GetBytes(first.ToJsonString())).Record!;
        first.Remove("residentId");
        var withoutId = fixture.Validator.Validate(RecordKind.Graduate, Encoding.UTF8.GetBytes(first.ToJsonString())).Record!;

        var keyed = pseudonymiser.Seal(withId, RecordKind.Graduate, "org");
        var keyless = pseudonymiser.Seal(withoutId, RecordKind.Graduate, "org");

        // A consumer can check a record against its hash from the bytes it was handed: the key and a line feed, then the JSON.
        var keyedJson = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(keyed.Record).ToArray();
        Assert.NotNull(keyed.SubjectKey);
        Assert.Equal(Hex(SHA256.HashData([.. Encoding.ASCII.GetBytes(keyed.SubjectKey + "\n"), .. keyedJson])), keyed.ContentHash);
        Assert.Equal("汪晓伟", JsonDocument.Parse(keyedJson).RootElement.GetProperty("name").GetString());
        var keylessJson = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(keyless.Record).ToArray();
        Assert.Null(keyless.SubjectKey);
        Assert.Equal(Hex(SHA256.HashData(keylessJson)), keyless.ContentHash);
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);

    [Fact]
    public void A_record_whose_resident_id_was_corrected_is_new_content_not_a_duplicate_of_the_wrong_one()
    {
        var pseudonymiser = new Pseudonymiser(new LinkageKeys(s_secretA), TimeProvider.System);
        var first = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Repository.PathOf("samples", "graduate.valid.json")))!.AsArray()[0]!.AsObject();
        var wrong = fixture.Validator.Validate(RecordKind.Graduate, Encoding.UTF8.GetBytes(first.ToJsonString())).Record!;
        first["residentId"] = "11010519491231002X";
        var corrected = fixture.Validator.Validate(RecordKind.Graduate, Encoding.UTF8.GetBytes(first.ToJsonString())).Record!;
        first.Remove("residentId");
        var withoutId = fixture.Validator.Validate(RecordKind.Graduate, Encoding.UTF8.GetBytes(first.ToJsonString())).Record!;

        var hashes = new[] { wrong, corrected, withoutId }.Select(r => pseudonymiser.Seal(r, RecordKind.Graduate, "org").ContentHash).ToList();

        // The sealed JSON is the same (the id leaves it): the linkage key must make the difference.
        Assert.Equal(3, hashes.Distinct().Count());
    }
}
