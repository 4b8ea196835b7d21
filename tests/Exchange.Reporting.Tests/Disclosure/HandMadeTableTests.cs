using Exchange.Reporting.Disclosure;
using Xunit.Abstractions;

namespace Exchange.Reporting.Tests.Disclosure;

/// <summary>Tables small enough that the right answer can be worked out by hand.</summary>
public sealed class HandMadeTableTests(ITestOutputHelper output)
{
    [Fact]
    public void One_small_cell_in_a_two_by_two_table_forces_the_other_three_inner_cells_and_no_total()
    {
        var region = Tables.Flat("region", DimensionRole.Grouping, "r1", "r2");
        var category = Tables.Flat("category", DimensionRole.Attribute, "c1", "c2");
        var table = Tables.Grid("t", region, category, new long[,] { { 2, 10 }, { 8, 12 } });

        var result = TableProtector.Protect([table], new DisclosureRules());

        var protectedTable = result.Tables[0];
        output.WriteLine(Tables.Describe(result));
        output.WriteLine(Tables.Render(protectedTable));
        Assert.Equal(CellStatus.Primary, protectedTable.StatusOf("r1", "c1"));
        Assert.Equal(PrimaryReasons.SmallCount, protectedTable.ReasonsAt(table.CellOf(["r1", "c1"])));
        Assert.Equal(new CellProtection(new ProtectionInterval(0, 5), []), protectedTable.RequiredAt(table.CellOf(["r1", "c1"])));
        Assert.Equal(CellStatus.Secondary, protectedTable.StatusOf("r1", "c2"));
        Assert.Equal(CellStatus.Secondary, protectedTable.StatusOf("r2", "c1"));
        Assert.Equal(CellStatus.Secondary, protectedTable.StatusOf("r2", "c2"));
        Assert.Equal(3, protectedTable.Count(CellStatus.Secondary));
        Assert.Equal(5, protectedTable.Count(CellStatus.Published));
        // With the margins 12, 20, 10, 22 known, the small cell t leaves r1c2 = 12 − t, r2c1 = 10 − t, r2c2 = 10 + t: t ∈ [0, 10].
        var audited = result.Audit[table.KeyOf(table.CellOf(["r1", "c1"]))];
        Assert.Equal(0, audited.Lower, 6);
        Assert.Equal(10, audited.Upper, 6);
        Assert.True(result.Audit.Passed);
    }

    [Fact]
    public void A_county_that_is_its_prefectures_only_county_forces_suppression_in_the_sibling_prefecture()
    {
        // A1 is prefecture A's only county, so A's cells equal A1's: hiding A1's small cell hides A's,
        // and the province total then gives A's away unless prefecture B hides its cell beside it.
        var region = Dimension.Tree("region", DimensionRole.Grouping, "P",
            [("A", "P"), ("B", "P"), ("A1", "A"), ("B1", "B"), ("B2", "B")]);
        var category = Tables.Flat("category", DimensionRole.Attribute, "c1", "c2");
        var table = Tables.Grid("t", region, category, new long[,] { { 2, 30 }, { 20, 25 }, { 15, 18 } });

        var result = TableProtector.Protect([table], new DisclosureRules());

        var protectedTable = result.Tables[0];
        output.WriteLine(Tables.Describe(result));
        output.WriteLine(Tables.Render(protectedTable));
        Assert.Equal(CellStatus.Primary, protectedTable.StatusOf("A1", "c1"));
        Assert.Equal(CellStatus.Primary, protectedTable.StatusOf("A", "c1"));
        Assert.Equal(CellStatus.Secondary, protectedTable.StatusOf("B", "c1"));
        Assert.Equal(CellStatus.Secondary, protectedTable.StatusOf("B", "c2"));
        Assert.Equal(CellStatus.Published, protectedTable.StatusOf("P", "c1"));
        Assert.Equal(CellStatus.Published, protectedTable.StatusOf("P", "all"));
        // Within B, one county must move with B: the smaller one is the cheaper to hide.
        Assert.Equal(CellStatus.Secondary, protectedTable.StatusOf("B2", "c1"));
        Assert.Equal(CellStatus.Published, protectedTable.StatusOf("B1", "c1"));
        Assert.True(result.Audit.Passed);
        Assert.True(SuppressionAuditor.Audit(result.Tables).Passed);
    }

    [Fact]
    public void A_row_entirely_in_one_category_is_a_group_disclosure_and_its_zeros_stop_giving_it_away()
    {
        var region = Tables.Flat("region", DimensionRole.Grouping, "R1", "R2", "R3");
        var category = Tables.Flat("category", DimensionRole.Attribute, "c1", "c2", "c3");
        var table = Tables.Grid("t", region, category, new long[,] { { 7, 0, 0 }, { 12, 15, 9 }, { 20, 11, 14 } });

        var result = TableProtector.Protect([table], new DisclosureRules());

        var protectedTable = result.Tables[0];
        var whole = table.CellOf(["R1", "c1"]);
        output.WriteLine(Tables.Describe(result));
        output.WriteLine(Tables.Render(protectedTable));
        Assert.Equal(CellStatus.Primary, protectedTable.StatusAt(whole));
        Assert.Equal(PrimaryReasons.GroupDisclosure, protectedTable.ReasonsAt(whole));
        // Seven people: the reader must not be able to rule out that five of them are outside c1.
        var group = table.KeyOf(table.CellOf(["R1", "all"]));
        Assert.Equal(new CellProtection(null, [new RestOfGroup(group, 5)]), protectedTable.RequiredAt(whole));
        Assert.Equal(1, protectedTable.Count(CellStatus.Primary));
        Assert.Contains(CellStatus.Secondary, new[] { protectedTable.StatusOf("R1", "c2"), protectedTable.StatusOf("R1", "c3") });
        Assert.True(result.Audit[table.KeyOf(whole)].LargestRestOfGroup[group] >= 5 - AuditedCell.Tolerance);
        Assert.True(result.Audit.Passed);
    }

    [Fact]
    public void A_one_dimensional_table_hides_its_small_cell_behind_its_cheapest_neighbour()
    {
        var region = Tables.Flat("region", DimensionRole.Grouping, "A", "B", "C");
        var table = CountTable.FromLeafCounts("t", [region], [(["A"], 3), (["B"], 10), (["C"], 20)]);

        var result = TableProtector.Protect([table], new DisclosureRules());

        var protectedTable = result.Tables[0];
        Assert.Equal(CellStatus.Primary, protectedTable.StatusOf("A"));
        Assert.Equal(CellStatus.Secondary, protectedTable.StatusOf("B"));
        Assert.Equal(CellStatus.Published, protectedTable.StatusOf("C"));
        Assert.Equal(CellStatus.Published, protectedTable.StatusOf("all"));
        var audited = result.Audit[table.KeyOf(table.CellOf(["A"]))];
        Assert.Equal(0, audited.Lower, 6);
        Assert.Equal(13, audited.Upper, 6);
    }

    [Fact]
    public void A_table_without_sensitive_cells_is_published_whole()
    {
        var region = Tables.Flat("region", DimensionRole.Grouping, "r1", "r2");
        var category = Tables.Flat("category", DimensionRole.Attribute, "c1", "c2");
        var table = Tables.Grid("t", region, category, new long[,] { { 5, 10 }, { 8, 0 } });

        var result = TableProtector.Protect([table], new DisclosureRules { GroupDisclosureMaxTotal = 5 });

        // r2 is all in c1, but its 8 people exceed the bound the bureau set for the zero-cell rule.
        Assert.Equal(table.CellCount, result.Tables[0].Count(CellStatus.Published));
        Assert.Empty(result.Audit.Cells);
        Assert.Equal(0, result.Statistics.LinearPrograms);
    }

    [Fact]
    public void Suppressed_cells_are_marked_with_their_reason_and_carry_no_value()
    {
        var region = Tables.Flat("region", DimensionRole.Grouping, "r1", "r2");
        var category = Tables.Flat("category", DimensionRole.Attribute, "c1", "c2");
        var table = Tables.Grid("t", region, category, new long[,] { { 2, 10 }, { 8, 12 } });

        var publication = TableProtector.Protect([table], new DisclosureRules()).Tables[0].ToPublication();

        Assert.Equal(["region", "category"], publication.Dimensions);
        Assert.Equal(9, publication.Cells.Count);
        var small = publication.Cells.Single(c => c.Coordinates.SequenceEqual(["r1", "c1"]));
        Assert.Equal((CellStatus.Primary, (long?)null, PrimaryReasons.SmallCount), (small.Status, small.Value, small.Reasons));
        var complement = publication.Cells.Single(c => c.Coordinates.SequenceEqual(["r2", "c2"]));
        Assert.Equal((CellStatus.Secondary, (long?)null, PrimaryReasons.None), (complement.Status, complement.Value, complement.Reasons));
        var total = publication.Cells.Single(c => c.Coordinates.SequenceEqual(["all", "all"]));
        Assert.Equal((CellStatus.Published, (long?)32), (total.Status, total.Value));
        Assert.Equal("", total.Key.Value);
    }
}
