using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Exchange.Core.Envelope;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;

namespace Exchange.Core.Tests;

public sealed class RecordEnvelopeTests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    private static readonly byte[] s_secret = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void A_sealed_envelope_reads_its_record_from_the_bytes_its_content_hash_was_taken_of()
    {
        var envelope = SealedSample();

        Assert.Equal(Hex(SHA256.HashData([.. Encoding.ASCII.GetBytes(envelope.SubjectKey + "\n"), .. envelope.RecordUtf8.Span])), envelope.ContentHash);
        Assert.Equal(envelope.RecordUtf8.ToArray(), JsonMarshal.GetRawUtf8Value(envelope.Record).ToArray());
        Assert.Equal("张晓雯", envelope.Record.GetProperty("name").GetString());
        Assert.False(envelope.Record.TryGetProperty("residentId", out _));
    }

    [Fact]
    public void A_sealed_envelope_hands_out_its_bytes_without_copying_them()
    {
        var envelope = SealedSample();

        Assert.True(MemoryMarshal.TryGetArray(envelope.RecordUtf8, out var first));
        Assert.True(MemoryMarshal.TryGetArray(envelope.RecordUtf8, out var second));
        Assert.Same(first.Array, second.Array);
    }

    [Fact]
    public void An_envelope_made_with_an_element_gives_that_element_and_its_json_as_bytes()
    {
        using var document = JsonDocument.Parse("""{"recordId":"r-1","name":"李明"}""");
        var envelope = Envelope() with { Record = document.RootElement.Clone() };

        Assert.Equal("李明", envelope.Record.GetProperty("name").GetString());
        Assert.Equal("""{"recordId":"r-1","name":"李明"}""", Encoding.UTF8.GetString(envelope.RecordUtf8.Span));
    }

    [Fact]
    public void A_copy_keeps_the_record_and_a_new_record_replaces_it()
    {
        var envelope = Envelope() with { RecordUtf8 = """{"recordId":"r-1"}"""u8.ToArray() };
        var renamed = envelope with { Id = Guid.NewGuid() };
        var replaced = envelope with { Record = JsonElement.Parse("""{"recordId":"r-2"}""") };
        var replacedAgain = replaced with { RecordUtf8 = """{"recordId":"r-3"}"""u8.ToArray() };

        Assert.Equal("r-1", renamed.Record.GetProperty("recordId").GetString());
        Assert.Equal("""{"recordId":"r-2"}""", Encoding.UTF8.GetString(replaced.RecordUtf8.Span));
        Assert.Equal("r-3", replacedAgain.Record.GetProperty("recordId").GetString());
        Assert.Equal("r-1", envelope.Record.GetProperty("recordId").GetString());
    }

    [Fact]
    public void Threads_reading_the_record_for_the_first_time_together_all_get_it_whole()
    {
        for (var round = 0; round < 50; round++)
        {
            var envelope = SealedSample();
            var texts = new string[8];
            Parallel.For(0, texts.Length, i => texts[i] = envelope.Record.GetRawText());
            Assert.All(texts, text => Assert.Equal(Encoding.UTF8.GetString(envelope.RecordUtf8.Span), text));
        }
    }

    [Fact]
    public void An_envelope_made_without_its_record_says_so_when_asked_for_it()
    {
        var envelope = Envelope();

        var error = Assert.Throws<InvalidOperationException>(() => envelope.Record);
        Assert.Contains("without its record", error.Message, StringComparison.Ordinal);
    }

    private RecordEnvelope SealedSample()
    {
        var samples = JsonDocument.Parse(File.ReadAllBytes(Repository.PathOf("samples", "graduate.valid.json"))).RootElement;
        var result = fixture.Validator.Validate(RecordKind.Graduate, Encoding.UTF8.GetBytes(samples[0].GetRawText()));
        Assert.True(result.IsValid);
        return new Pseudonymiser(new LinkageKeys(s_secret), TimeProvider.System).Seal(result.Record!, RecordKind.Graduate, "12100000400000624D");
    }

    private static RecordEnvelope Envelope() => new()
    {
        Id = Guid.NewGuid(),
        Kind = RecordKind.Graduate,
        SchemaVersion = "v1",
        SourceOrganisation = "12100000400000624D",
        SourceRecordId = "r-1",
        ContentHash = new string('0', 64),
        ReceivedAt = DateTimeOffset.UnixEpoch,
    };

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
