namespace Exchange.Index.Resolution.Training;

/// <summary>
/// How often each value of a comparison occurs, so that agreeing on 王伟 counts for less than
/// agreeing on a rare name. Values are kept by their 64-bit hash, not their text, and only when seen
/// at least <see cref="MinimumCount"/> times; any other value counts as seen once.
/// </summary>
public sealed class TermFrequencies
{
    private readonly Dictionary<long, int> _counts;

    public TermFrequencies(long records, int minimumCount, Dictionary<long, int> counts)
    {
        Records = Math.Max(1, records);
        MinimumCount = minimumCount;
        _counts = counts;
    }

    /// <summary>The records the frequencies were counted over.</summary>
    public long Records { get; }

    public int MinimumCount { get; }

    internal IReadOnlyDictionary<long, int> Counts => _counts;

    /// <summary>The share of records holding the value.</summary>
    public double Frequency(long key) => (_counts.TryGetValue(key, out var count) ? count : 1) / (double)Records;

    public static TermFrequencies Count(IEnumerable<long> keys, long records, int minimumCount)
    {
        var counts = new Dictionary<long, int>();
        foreach (var key in keys)
            counts[key] = counts.GetValueOrDefault(key) + 1;
        if (minimumCount > 1)
        {
            foreach (var (key, count) in counts)
            {
                if (count < minimumCount)
                    counts.Remove(key);
            }
        }
        return new TermFrequencies(records, minimumCount, counts);
    }
}
