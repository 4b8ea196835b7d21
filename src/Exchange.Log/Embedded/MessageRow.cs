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

    public static string HeadersJson(IReadOnlyDictionary<string, string> headers) => JsonSerializer.Serialize(headers);
}
