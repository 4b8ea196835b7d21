using System.Buffers;
using System.Text.Json;

namespace Exchange.Log.Embedded;

/// <summary>A row of <c>log.messages</c> as read; columns are aliased to these names in every query.</summary>
internal sealed record MessageRow(string Topic, int Partition, long LogOffset, string? Key, string Headers, byte[] Value, DateTime AppendedAt)
{
    public const string Columns =
        "m.topic as Topic, m.partition as Partition, m.log_offset as LogOffset, m.key as Key, " +
        "m.headers::text as Headers, m.value as Value, m.appended_at as AppendedAt";

    public ConsumedMessage ToMessage() => new(
        Topic,
        Partition,
        LogOffset,
        Key,
        JsonSerializer.Deserialize<Dictionary<string, string>>(Headers) ?? [],
        Value,
        new DateTimeOffset(DateTime.SpecifyKind(AppendedAt, DateTimeKind.Utc)));

    /// <summary>
    /// Writes a message's headers, and the trace context it lacks, as the JSON object the
    /// <c>headers</c> column holds: UTF-8 into <paramref name="output"/>, without a string or a
    /// copy of the headers per message.
    /// </summary>
    public static void WriteHeadersJson(IReadOnlyDictionary<string, string> headers, IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        foreach (var (name, value) in headers)
            json.WriteString(name, value);
        foreach (var (name, value) in TraceContext.Missing(headers))
            json.WriteString(name, value);
        json.WriteEndObject();
    }
}
