using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Core.Envelope;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Index.Merging;
using Exchange.Log;

namespace Exchange.Index.Tests.Merging;

/// <summary>
/// Records sealed by one sender as the hub seals them, each handed to the merger at the next
/// offset of its kind's topic, as a consumer would read them.
/// </summary>
internal sealed class SealedInputs(LinkageKeys keys, TimeProvider clock, string sender)
{
    private long _offset;

    public RecordEnvelope Seal(RecordKind kind, JsonObject record) =>
        new Pseudonymiser(keys, clock).Seal(RecordJson.Deserialize(kind, JsonSerializer.SerializeToUtf8Bytes(record)), kind, sender);

    public MergeInput At(RecordEnvelope envelope) => new(new LogPosition(Topics.For(envelope.Kind), 0, _offset++), envelope);

    public MergeInput Next(RecordKind kind, JsonObject record) => At(Seal(kind, record));

    /// <summary>
    /// The sealed envelope with some of its record's fields replaced, as a writer other than the
    /// hub could put it on a topic: no validation saw it.
    /// </summary>
    public static RecordEnvelope WithFields(RecordEnvelope envelope, JsonObject fields)
    {
        var record = JsonNode.Parse(envelope.Record.GetRawText())!.AsObject();
        foreach (var (name, value) in fields)
            record[name] = value?.DeepClone();
        return envelope with { Record = JsonSerializer.SerializeToElement(record) };
    }
}
