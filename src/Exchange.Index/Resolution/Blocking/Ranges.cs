using System.Collections.Concurrent;

namespace Exchange.Index.Resolution.Blocking;

internal static class Ranges
{
    /// <summary>Ranges of [0, count) for Parallel.ForEach; none when count is 0 (the framework's partitioner refuses that).</summary>
    public static OrderablePartitioner<Tuple<int, int>> Of(int count, int size) =>
        count == 0 ? Partitioner.Create(Array.Empty<Tuple<int, int>>()) : Partitioner.Create(0, count, size);
}
