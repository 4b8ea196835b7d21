namespace Exchange.Log;

/// <summary>A message read from the log, with where it was stored and when it was appended.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition within the topic.</param>
/// <param name="Offset">The message's offset in its partition.</param>
/// <param name="Key">The partitioning key it was appended with.</param>
/// <param name="Headers">Its headers.</param>
/// <param name="Value">Its payload.</param>
/// <param name="Timestamp">When it was appended (UTC).</param>
public sealed record ConsumedMessage(
    string Topic,
    int Partition,
    long Offset,
    string? Key,
    IReadOnlyDictionary<string, string> Headers,
    ReadOnlyMemory<byte> Value,
    DateTimeOffset Timestamp)
{
    /// <summary>Where the message is stored.</summary>
    public LogPosition Position => new(Topic, Partition, Offset);
}
