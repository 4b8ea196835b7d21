namespace Exchange.Log;

/// <summary>A message to append: its partitioning key, its headers and its value bytes.</summary>
/// <param name="Key">
/// The partitioning key — for records the subject's linkage key. Messages with the same key go to
/// the same partition, in order. Null spreads messages over partitions.
/// </param>
/// <param name="Headers">Header names and values, e.g. from <see cref="CloudEventHeaders.For"/>.</param>
/// <param name="Value">The payload, for records the canonical JSON as UTF-8.</param>
public sealed record LogMessage(string? Key, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Value);
