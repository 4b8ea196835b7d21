using Exchange.Reporting.Disclosure;

namespace Exchange.Reporting.Tests.Disclosure;

public sealed class CountTableTests
{
    private static readonly Dimension Region = Dimension.Tree("region", DimensionRole.Grouping, "P",
        [("A", "P"), ("B", "P"), ("A1", "A"), ("A2", "A"), ("B1", "B")]);

    private static readonly Dimension Category = Dimension.Tree("category", DimensionRole.Attribute, "all",
        [("g1", "all"), ("g2", "all"), ("k1", "g1"), ("k2", "g1"), ("k3", "g2")], rootIsUnrestricted: true);

    private static CountTable Sample() => CountTable.FromLeafCounts("t", [Region, Category],
    [
        (["A1", "k1"], 1), (["A1", "k2"], 2), (["A1", "k3"], 3),
        (["A2", "k1"], 4), (["A2", "k3"], 5),
        (["B1", "k2"], 6), (["B1", "k3"], 7),
    ]);

    [Fact]
    public void Totals_are_summed_from_the_leaves_along_every_hierarchy()
    {
        var table = Sample();

        Assert.Equal(6 * 6, table.CellCount);
        Assert.Equal(28, table["P", "all"]);
        Assert.Equal(15, table["A", "all"]);
        Assert.Equal(7, table["A", "g1"]);
        Assert.Equal(13, table["B", "all"]);
        Assert.Equal(5, table["P", "k1"]);
        Assert.Equal(0, table["A2", "k2"]);
    }

    [Fact]
    public void A_table_given_whole_with_consistent_totals_is_accepted_as_it_is()
    {
        var table = Sample();

        var again = CountTable.FromCells("t", [Region, Category], Tables.CellsOf(table));

        Assert.All(Enumerable.Range(0, table.CellCount), cell => Assert.Equal(table.CountAt(cell), again.CountAt(cell)));
    }

    [Fact]
    public void Keys_leave_out_an_unrestricted_root_and_keep_every_other_node()
    {
        var table = Sample();

        Assert.Equal("region=P", table.KeyOf(table.CellOf(["P", "all"])).Value);
        Assert.Equal("category=k1|region=A1", table.KeyOf(table.CellOf(["A1", "k1"])).Value);
        Assert.Equal("category=g2|region=B", table.KeyOf(table.CellOf(["B", "g2"])).Value);
    }

    [Fact]
    public void Each_total_along_each_dimension_is_one_additivity_constraint()
    {
        var table = Sample();

        // Region has 3 totals (P, A, B), category 3 (all, g1, g2); each holds for every node of the other.
        Assert.Equal(3 * 6 + 3 * 6, table.AdditivityConstraints().Count());
    }
}
