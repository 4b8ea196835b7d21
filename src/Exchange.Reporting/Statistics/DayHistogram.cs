namespace Exchange.Reporting.Statistics;

/// <summary>Durations in whole days, counted per day, from which medians and percentiles are read.</summary>
internal sealed class DayHistogram
{
    private readonly SortedDictionary<int, long> _counts = [];

    public long Count { get; private set; }

    public void Add(int days, long count)
    {
        _counts[days] = _counts.GetValueOrDefault(days) + count;
        Count += count;
    }

    /// <summary>The nearest-rank quantile: the smallest duration at least <paramref name="q"/> of the counted reach.</summary>
    public int? Quantile(double q)
    {
        if (Count == 0)
            return null;
        var rank = (long)Math.Ceiling(q * Count);
        var seen = 0L;
        foreach (var (days, count) in _counts)
        {
            seen += count;
            if (seen >= Math.Max(rank, 1))
                return days;
        }
        return _counts.Keys.Last();
    }
}

/// <summary>Histograms per row of a table whose rows are a region part and a group: the totals are summed from the leaves as they arrive.</summary>
internal sealed class RowHistograms(string regionRoot)
{
    private readonly Dictionary<(string, string), DayHistogram> _rows = [];

    /// <summary>Adds a leaf (region part, category) to every row that contains it: itself, its group and the region total.</summary>
    public void Add(string part, string category, int days, long count)
    {
        var group = category == Groups.Others ? Groups.Others : Groups.Disadvantaged;
        foreach (var region in new[] { part, regionRoot })
        {
            foreach (var node in category == Groups.Others ? new[] { Groups.Others, Totals.Code } : [category, group, Totals.Code])
                For(region, node).Add(days, count);
        }
    }

    public DayHistogram For(string region, string group)
    {
        if (!_rows.TryGetValue((region, group), out var histogram))
            _rows[(region, group)] = histogram = new DayHistogram();
        return histogram;
    }
}
