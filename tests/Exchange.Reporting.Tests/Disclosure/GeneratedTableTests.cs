using Exchange.Reporting.Disclosure;
using Xunit.Abstractions;

namespace Exchange.Reporting.Tests.Disclosure;

public sealed class GeneratedTableTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, 3, 3, 4, 0)]
    [InlineData(2, 4, 4, 5, 0)]
    [InlineData(3, 10, 5, 6, 0)]
    [InlineData(4, 10, 5, 6, 0)]
    [InlineData(5, 6, 4, 6, 2)]
    [InlineData(6, 20, 10, 12, 4)]
    public void A_generated_province_by_category_table_passes_the_audit(int seed, int prefectures, int counties, int categories, int categoryGroups)
    {
        var table = GeneratedTables.Table("t", seed, GeneratedTables.Region(prefectures, counties), GeneratedTables.Category(categories, categoryGroups));

        var result = TableProtector.Protect([table], new DisclosureRules());

        output.WriteLine($"{table.CellCount} cells: {Tables.Describe(result)}");
        Assert.True(result.Statistics.Primary > 0);
        Assert.Empty(result.Shortfalls);
        AssertProtected(result);
        // Secondary suppression must stay a fraction of the table, not swallow it.
        Assert.True(result.Tables[0].Count(CellStatus.Published) > table.CellCount / 3, $"{result.Tables[0].Count(CellStatus.Published)} of {table.CellCount} published");
    }

    [Fact]
    public void A_generated_three_dimensional_table_passes_the_audit()
    {
        var sex = Tables.Flat("sex", DimensionRole.Attribute, "f", "m");
        var table = GeneratedTables.Table("t", 7, GeneratedTables.Region(4, 3), GeneratedTables.Category(4), sex);

        var result = TableProtector.Protect([table], new DisclosureRules());

        output.WriteLine($"{table.CellCount} cells: {Tables.Describe(result)}");
        Assert.True(result.Statistics.Primary > 0);
        AssertProtected(result);
    }

    [Fact]
    public void A_higher_threshold_suppresses_more_and_still_passes_the_audit()
    {
        var table = GeneratedTables.Table("t", 8, GeneratedTables.Region(5, 4), GeneratedTables.Category(5));

        var five = TableProtector.Protect([table], new DisclosureRules { Threshold = 5 });
        var ten = TableProtector.Protect([table], new DisclosureRules { Threshold = 10 });

        output.WriteLine($"threshold 5: {Tables.Describe(five)}");
        output.WriteLine($"threshold 10: {Tables.Describe(ten)}");
        Assert.True(ten.Statistics.Primary > five.Statistics.Primary);
        AssertProtected(ten);
    }

    /// <summary>The engine's own audit and an independent run of the auditor must both pass.</summary>
    private static void AssertProtected(ProtectionResult result)
    {
        Assert.True(result.Audit.Passed, string.Join("; ", result.Audit.Failures.Take(5)));
        var audit = SuppressionAuditor.Audit(result.Tables);
        Assert.True(audit.Passed, string.Join("; ", audit.Failures.Take(5)));
        Assert.Equal(result.Statistics.Primary + result.Statistics.Secondary, audit.Cells.Count(c => c.Status != CellStatus.Published));
    }
}
