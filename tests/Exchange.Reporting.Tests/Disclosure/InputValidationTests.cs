using Exchange.Reporting.Disclosure;

namespace Exchange.Reporting.Tests.Disclosure;

public sealed class InputValidationTests
{
    private static readonly Dimension Region = Tables.Flat("region", DimensionRole.Grouping, "A", "B");
    private static readonly Dimension Category = Tables.Flat("category", DimensionRole.Attribute, "low-income", "disability");

    [Fact]
    public void Rejects_a_table_whose_totals_do_not_add_up()
    {
        var cells = Tables.CellsOf(Tables.Grid("t", Region, Category, new long[,] { { 3, 9 }, { 12, 20 } }))
            .Select(c => c.Cell.SequenceEqual(["A", "all"]) ? (c.Cell, 13L) : c)
            .ToList();

        var error = Assert.Throws<DisclosureInputException>(() => CountTable.FromCells("t", [Region, Category], cells));

        // The row total disagrees with its parts, and the column of totals with the grand total.
        Assert.Contains(error.Problems, p => p.Code == DisclosureProblem.Codes.NotAdditive && p.Where.Contains("(A, all)", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Code == DisclosureProblem.Codes.NotAdditive && p.Where.Contains("(all, all)", StringComparison.Ordinal));
        Assert.All(error.Problems, p => Assert.Equal(DisclosureProblem.Codes.NotAdditive, p.Code));
    }

    [Fact]
    public void Rejects_negative_counts_given_as_leaves_or_as_cells()
    {
        var leaves = new List<(IReadOnlyList<string>, long)> { (["A", "low-income"], -1), (["B", "disability"], 4) };
        var fromLeaves = Assert.Throws<DisclosureInputException>(() => CountTable.FromLeafCounts("t", [Region, Category], leaves));
        var cells = Tables.CellsOf(Tables.Grid("t", Region, Category, new long[,] { { 0, 0 }, { 0, 0 } }))
            .Select(c => c.Cell.SequenceEqual(["A", "low-income"]) ? (c.Cell, -2L) : c);
        var fromCells = Assert.Throws<DisclosureInputException>(() => CountTable.FromCells("t", [Region, Category], cells));

        Assert.Equal(DisclosureProblem.Codes.NegativeCount, Assert.Single(fromLeaves.Problems).Code);
        Assert.Contains(fromCells.Problems, p => p.Code == DisclosureProblem.Codes.NegativeCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Rejects_a_threshold_below_one(int threshold)
    {
        var table = Tables.Grid("t", Region, Category, new long[,] { { 3, 9 }, { 12, 20 } });

        var error = Assert.Throws<DisclosureInputException>(() => TableProtector.Protect([table], new DisclosureRules { Threshold = threshold }));

        Assert.Equal(DisclosureProblem.Codes.ThresholdBelowOne, Assert.Single(error.Problems).Code);
    }

    [Fact]
    public void Rejects_linked_tables_that_count_the_same_figure_differently()
    {
        var first = Tables.Grid("first", Region, Category, new long[,] { { 3, 9 }, { 12, 20 } });
        var second = Tables.Grid("second", Region, Category, new long[,] { { 3, 9 }, { 12, 21 } });

        var error = Assert.Throws<DisclosureInputException>(() => TableProtector.Protect([first, second], new DisclosureRules()));

        Assert.All(error.Problems, p => Assert.Equal(DisclosureProblem.Codes.LinkedCountConflict, p.Code));
        Assert.Contains(error.Problems, p => p.Where == "figure category=disability|region=B");
    }

    [Fact]
    public void Rejects_cells_that_are_missing_unknown_or_not_leaves()
    {
        var missing = Tables.CellsOf(Tables.Grid("t", Region, Category, new long[,] { { 3, 9 }, { 12, 20 } })).Skip(1);
        var unknown = new List<(IReadOnlyList<string>, long)> { (["C", "low-income"], 1) };
        var total = new List<(IReadOnlyList<string>, long)> { (["A", "all"], 1) };

        Assert.Equal(DisclosureProblem.Codes.MissingCell, Assert.Single(Assert.Throws<DisclosureInputException>(() => CountTable.FromCells("t", [Region, Category], missing)).Problems).Code);
        Assert.Equal(DisclosureProblem.Codes.UnknownCode, Assert.Single(Assert.Throws<DisclosureInputException>(() => CountTable.FromLeafCounts("t", [Region, Category], unknown)).Problems).Code);
        Assert.Equal(DisclosureProblem.Codes.NotALeaf, Assert.Single(Assert.Throws<DisclosureInputException>(() => CountTable.FromLeafCounts("t", [Region, Category], total)).Problems).Code);
    }

    [Fact]
    public void Rejects_hierarchies_with_a_duplicate_code_an_unknown_parent_or_a_cycle()
    {
        var duplicate = Assert.Throws<DisclosureInputException>(() => Dimension.Tree("region", DimensionRole.Grouping, "P", [("A", "P"), ("A", "P")]));
        var unknownParent = Assert.Throws<DisclosureInputException>(() => Dimension.Tree("region", DimensionRole.Grouping, "P", [("A", "Q")]));
        var cycle = Assert.Throws<DisclosureInputException>(() => Dimension.Tree("region", DimensionRole.Grouping, "P", [("A", "P"), ("B", "C"), ("C", "B")]));
        var separator = Assert.Throws<DisclosureInputException>(() => Dimension.Tree("region", DimensionRole.Grouping, "P", [("A|B", "P")]));

        Assert.Equal(DisclosureProblem.Codes.DuplicateCode, Assert.Single(duplicate.Problems).Code);
        Assert.Equal(DisclosureProblem.Codes.UnknownParent, Assert.Single(unknownParent.Problems).Code);
        Assert.Equal([DisclosureProblem.Codes.Unreachable, DisclosureProblem.Codes.Unreachable], cycle.Problems.Select(p => p.Code));
        Assert.Equal(DisclosureProblem.Codes.InvalidName, Assert.Single(separator.Problems).Code);
    }
}
