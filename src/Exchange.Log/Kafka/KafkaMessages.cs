using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;

namespace Exchange.Log.Kafka;

/// <summary>Maps between the contract's messages and Confluent's: keys and header values are UTF-8.</summary>
internal static class KafkaMessages
{
    public static Message<byte[]?, byte[]> ToKafka(LogMessage message)
    {
        var headers = new Headers();
        foreach (var (name, value) in message.Headers)
        {
            headers.Add(name, Encoding.UTF8.GetBytes(value));
        }

        foreach (var (name, value) in TraceContext.Missing(message.Headers))
        {
            headers.Add(name, Encoding.UTF8.GetBytes(value));
        }

        return new Message<byte[]?, byte[]>
        {
            Key = message.Key is null ? null : Encoding.UTF8.GetBytes(message.Key),
            Value = AsArray(message.Value),
            Headers = headers,
        };
    }

    public static ConsumedMessage FromKafka(ConsumeResult<byte[]?, byte[]> result)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in result.Message.Headers ?? [])
        {
            headers[header.Key] = Encoding.UTF8.GetString(header.GetValueBytes());
        }

        return new ConsumedMessage(
            result.Topic,
            result.Partition.Value,
            result.Offset.Value,
            result.Message.Key is null ? null : Encoding.UTF8.GetString(result.Message.Key),
            headers,
            result.Message.Value ?? [],
            new DateTimeOffset(result.Message.Timestamp.UtcDateTime, TimeSpan.Zero));
    }

    private static byte[] AsArray(ReadOnlyMemory<byte> value) =>
        MemoryMarshal.TryGetArray(value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : value.ToArray();
}
