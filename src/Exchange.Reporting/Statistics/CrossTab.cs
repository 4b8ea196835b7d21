using Exchange.Reporting.Disclosure;

namespace Exchange.Reporting.Statistics;

/// <summary>
/// Leaf counts over a set of axes, summed as rows arrive; becomes the count table disclosure control
/// protects. The scope dimensions come first: one node each, naming what every cell of the table is
/// restricted to beyond its axes (the cohort, the day, the definition, the region), so that a figure
/// of one selection is never taken for the same figure of another.
/// </summary>
internal sealed class CrossTab(string name, IReadOnlyList<Dimension> scope, params Axis[] axes)
{
    private readonly Dictionary<string, (string[] Leaf, long Count)> _leaves = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public IReadOnlyList<Axis> Axes { get; } = axes;

    public void Add(long count, params string[] leaf)
    {
        if (leaf.Length != Axes.Count)
            throw new ArgumentException($"table '{Name}' has {Axes.Count} axes; a leaf of {leaf.Length} was given", nameof(leaf));
        var key = string.Join('\u001f', leaf);
        _leaves[key] = _leaves.TryGetValue(key, out var existing) ? (existing.Leaf, existing.Count + count) : (leaf, count);
    }

    public CountTable ToCountTable() =>
        CountTable.FromLeafCounts(Name, [.. scope, .. Axes.Select(a => a.Dimension)],
            _leaves.Values.Select(l => ((IReadOnlyList<string>)[.. scope.Select(d => d.Root), .. l.Leaf], l.Count)));
}
