using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Log;
using Microsoft.Extensions.Time.Testing;

namespace Exchange.Index.Tests.Merging;

/// <summary>
/// What a writer other than the hub can put on a record topic that PostgreSQL would refuse, each
/// named, so that the merger dead-letters it instead of failing its batch forever.
/// </summary>
public sealed class StorableEnvelopeTests
{
    private static readonly LinkageKeys Keys = new(SHA256.HashData("storable envelope tests"u8));

    [Fact]
    public void A_sealed_record_is_storable()
    {
        var (envelope, value) = Sealed();
        Assert.Null(StorableEnvelope.Refusal(envelope, value));
    }

    [Theory]
    [InlineData("sourceRecordId")]
    [InlineData("sourceOrganisation")]
    [InlineData("subjectKey")]
    public void An_attribute_holding_a_NUL_is_refused(string attribute)
    {
        var (envelope, value) = Sealed();
        var hostile = attribute switch
        {
            "sourceRecordId" => envelope with { SourceRecordId = "G-1\0" },
            "sourceOrganisation" => envelope with { SourceOrganisation = "\0" },
            _ => envelope with { SubjectKey = envelope.SubjectKey + "\0" },
        };

        Assert.Contains("ce_sourcerecordid", StorableEnvelope.Refusal(hostile, value)?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\\u0000", "/skills/1")]
    [InlineData("\\uDC00", "/skills/1")]
    public void Text_jsonb_cannot_hold_is_refused_with_its_pointer(string escaped, string pointer)
    {
        var (envelope, value) = Sealed();
        var json = Encoding.UTF8.GetString(value).Replace("\"skills\":[\"Excel\",\"", "\"skills\":[\"Excel\",\"" + escaped, StringComparison.Ordinal);
        Assert.NotEqual(Encoding.UTF8.GetString(value), json);
        using var document = JsonDocument.Parse(json);

        var refusal = StorableEnvelope.Refusal(envelope with { Record = document.RootElement.Clone() }, Encoding.UTF8.GetBytes(json));

        Assert.Equal(pointer, refusal?.Pointer);
        Assert.Contains("jsonb", refusal?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_that_is_not_UTF8_is_refused()
    {
        var (envelope, value) = Sealed();
        var broken = value.ToArray();
        broken[Array.IndexOf(broken, (byte)'E')] = 0xFF;

        Assert.Contains("UTF-8", StorableEnvelope.Refusal(envelope, broken)?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a hash")]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    public void A_content_hash_that_is_not_lower_case_SHA256_hex_is_refused(string hash)
    {
        var (envelope, value) = Sealed();
        Assert.Contains("ce_contenthash", StorableEnvelope.Refusal(envelope with { ContentHash = hash }, value)?.Message, StringComparison.Ordinal);
    }

    private static (Core.Envelope.RecordEnvelope Envelope, byte[] Value) Sealed()
    {
        var graduate = IndexTestData.Sample("graduate");
        graduate["residentId"] = IndexTestData.ResidentIdFor(2);
        graduate["skills"] = new System.Text.Json.Nodes.JsonArray("Excel", "SQL");
        var envelope = new Pseudonymiser(Keys, new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero)))
            .Seal(RecordJson.Deserialize(RecordKind.Graduate, JsonSerializer.SerializeToUtf8Bytes(graduate)), RecordKind.Graduate, "12100000400000624D");
        return (envelope, JsonSerializer.SerializeToUtf8Bytes(envelope.Record));
    }
}
