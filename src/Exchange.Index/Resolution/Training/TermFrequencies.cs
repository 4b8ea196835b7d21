using Exchange.Index.Resolution.Features;

namespace Exchange.Index.Resolution.Training;

/// <summary>
/// How often each value of a comparison occurs, so that agreeing on 王伟 counts for less than
/// agreeing on a rare name. Values are kept by their 64-bit hash, not their text, and only when seen
/// at least <see cref="MinimumCount"/> times; any other value counts as seen once. A person name's
/// family name and given name are counted too (see <see cref="Frequency(FieldValue)"/>).
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

    /// <summary>
    /// A whole name seen this often is mostly other people's, so its own count is trusted; a rarer
    /// name's count is mostly the person's own records (a graduate's university record, certification
    /// and placement) and overstates how common the name is.
    /// </summary>
    public const int TrustedNameCount = 20;

    /// <summary>The share of records holding the value.</summary>
    public double Frequency(long key) => (_counts.TryGetValue(key, out var count) ? count : 1) / (double)Records;

    /// <summary>
    /// The share of records holding the value. A name seen fewer than <see cref="TrustedNameCount"/>
    /// times is taken as no more common than its family name's share times its given name's share,
    /// because family and given names are chosen independently and their counts are spread over many
    /// people, where a rare whole name's count is inflated by the person's own duplicates; but never
    /// as rarer than one record.
    /// </summary>
    public double Frequency(FieldValue value)
    {
        var whole = _counts.GetValueOrDefault(value.TfKey, 1);
        var direct = whole / (double)Records;
        if (whole >= TrustedNameCount || value.TfSurnameKey == 0 || value.TfGivenKey == 0
            || !_counts.TryGetValue(value.TfSurnameKey, out var surname) || !_counts.TryGetValue(value.TfGivenKey, out var given))
            return direct;
        // No name is taken as rarer than one record in the counted population: a product of two
        // sparse counts would otherwise claim certainty no sample of this size can show.
        return Math.Max(1.0 / Records, Math.Min(direct, surname / (double)Records * (given / (double)Records)));
    }

    public static TermFrequencies Count(IEnumerable<long> keys, long records, int minimumCount)
    {
        var counts = new Dictionary<long, int>();
        foreach (var key in keys)
        {
            if (key != 0)
                counts[key] = counts.GetValueOrDefault(key) + 1;
        }
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
