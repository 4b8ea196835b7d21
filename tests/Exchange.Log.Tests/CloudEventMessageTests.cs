using System.Runtime.InteropServices;
using System.Text;
using Exchange.Core.Envelope;
using Exchange.Core.Model;
using Exchange.Log;

namespace Exchange.Log.Tests;

public sealed class CloudEventMessageTests
{
    [Fact]
    public void A_message_carries_the_envelopes_record_bytes_themselves_not_a_copy()
    {
        var json = """{"recordId":"S-2026-0001","name":"张晓雯"}"""u8.ToArray();
        var envelope = new RecordEnvelope
        {
            Id = Guid.NewGuid(),
            Kind = RecordKind.Graduate,
            SchemaVersion = RecordKinds.SchemaVersion,
            SourceOrganisation = "91350100MA2Y0000X1",
            SourceRecordId = "S-2026-0001",
            ContentHash = new string('a', 64),
            SubjectKey = "subject-0001",
            ReceivedAt = DateTimeOffset.UnixEpoch,
            RecordUtf8 = json,
        };

        var message = CloudEventHeaders.ToMessage(envelope);

        Assert.True(MemoryMarshal.TryGetArray(message.Value, out var value));
        Assert.Same(json, value.Array);
        Assert.Equal(json.Length, value.Count);
        var back = CloudEventHeaders.ToEnvelope(new ConsumedMessage("t", 0, 0, message.Key, message.Headers, message.Value, DateTimeOffset.UnixEpoch))!;
        Assert.Equal("张晓雯", back.Record.GetProperty("name").GetString());
        Assert.Equal(Encoding.UTF8.GetString(json), Encoding.UTF8.GetString(back.RecordUtf8.Span));
    }
}
