using Exchange.Reporting.Disclosure;

namespace Exchange.Reporting.Tests.Disclosure;

/// <summary>
/// Seeded random tables shaped like a bureau's reports: a province of prefectures of counties
/// against disadvantaged categories, with many small and empty cells.
/// </summary>
internal static class GeneratedTables
{
    public static Dimension Region(int prefectures, int counties, string province = "P") =>
        Dimension.Tree("region", DimensionRole.Grouping, province,
            Enumerable.Range(1, prefectures).SelectMany(p =>
                new[] { ($"{province}{p:D2}", province) }.Concat(
                    Enumerable.Range(1, counties).Select(c => ($"{province}{p:D2}-{c:D2}", $"{province}{p:D2}")))));

    /// <summary>Categories, flat or (with groups) two levels deep under "all".</summary>
    public static Dimension Category(int categories, int groups = 0)
    {
        if (groups == 0)
            return Tables.Flat("category", DimensionRole.Attribute, [.. Enumerable.Range(1, categories).Select(c => $"k{c}")]);
        var nodes = Enumerable.Range(1, groups).Select(g => ($"g{g}", "all"))
            .Concat(Enumerable.Range(1, categories).Select(c => ($"k{c}", $"g{1 + (c - 1) % groups}")));
        return Dimension.Tree("category", DimensionRole.Attribute, "all", nodes, rootIsUnrestricted: true);
    }

    /// <summary>Leaf counts: about a third empty, a third small (1–4), the rest 5–60.</summary>
    public static CountTable Table(string name, int seed, params Dimension[] dimensions)
    {
        var random = new Random(seed);
        var leaves = dimensions.Select(d => d.Codes.Where(d.IsLeaf).ToArray())
            .Aggregate((IEnumerable<string[]>)[[]], (prefixes, codes) => prefixes.SelectMany(p => codes.Select(c => (string[])[.. p, c])));
        return CountTable.FromLeafCounts(name, dimensions, leaves.Select(leaf => ((IReadOnlyList<string>)leaf, Count(random))).ToList());
    }

    /// <summary>
    /// The same province as <see cref="Table"/> with the same seed, reported twice: whole, and
    /// without one prefecture, as two region selections whose difference is that prefecture.
    /// </summary>
    public static (CountTable Whole, CountTable Without) OverlappingSelections(int seed, int prefectures, int counties, int categories, int leftOut)
    {
        var category = Category(categories);
        var whole = Table("whole", seed, Region(prefectures, counties), category);
        var root = $"P-without-P{leftOut:D2}";
        var kept = Enumerable.Range(1, prefectures).Where(p => p != leftOut).ToList();
        var region = Dimension.Tree("region", DimensionRole.Grouping, root,
            kept.SelectMany(p => new[] { ($"P{p:D2}", root) }.Concat(
                Enumerable.Range(1, counties).Select(c => ($"P{p:D2}-{c:D2}", $"P{p:D2}")))));
        var leaves = Enumerable.Range(0, whole.CellCount)
            .Select(cell => whole.CoordinatesOf(cell))
            .Where(c => region.Contains(c[0]) && region.IsLeaf(c[0]) && category.IsLeaf(c[1]))
            .Select(c => (c, whole[[.. c]]))
            .ToList();
        return (whole, CountTable.FromLeafCounts("without", [region, category], leaves));
    }

    private static long Count(Random random) => random.NextDouble() switch
    {
        < 0.33 => 0,
        < 0.66 => random.Next(1, 5),
        _ => random.Next(5, 61),
    };
}
