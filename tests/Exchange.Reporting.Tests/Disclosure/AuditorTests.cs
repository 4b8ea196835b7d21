using Exchange.Reporting.Disclosure;
using Xunit.Abstractions;

namespace Exchange.Reporting.Tests.Disclosure;

/// <summary>The auditor must find recoveries where they exist, or its passing means nothing.</summary>
public sealed class AuditorTests(ITestOutputHelper output)
{
    private static readonly Dimension Region = Tables.Flat("region", DimensionRole.Grouping, "r1", "r2");
    private static readonly Dimension Category = Tables.Flat("category", DimensionRole.Attribute, "c1", "c2");

    [Fact]
    public void Primary_suppression_alone_lets_the_attacker_recover_the_small_cell_exactly()
    {
        var table = Tables.Grid("t", Region, Category, new long[,] { { 2, 10 }, { 8, 12 } });
        var naive = Tables.PrimaryOnly(table, TableProtector.Protect([table], new DisclosureRules()).Tables[0]);

        var audit = SuppressionAuditor.Audit([naive]);

        var failure = Assert.Single(audit.Failures);
        Assert.Equal(table.KeyOf(table.CellOf(["r1", "c1"])), failure.Key);
        Assert.True(failure.IsRecoveredExactly);
        Assert.Equal(2, failure.Lower, 6);
        Assert.False(audit.Passed);
    }

    [Fact]
    public void Primary_suppression_alone_fails_the_audit_on_a_generated_province_table()
    {
        var table = GeneratedTables.Table("t", 3, GeneratedTables.Region(10, 5), GeneratedTables.Category(6));
        var naive = Tables.PrimaryOnly(table, TableProtector.Protect([table], new DisclosureRules()).Tables[0]);

        var audit = SuppressionAuditor.Audit([naive]);

        output.WriteLine($"{naive.Count(CellStatus.Primary)} primary cells, {audit.Failures.Count} under-protected, {audit.Failures.Count(f => f.IsRecoveredExactly)} recovered exactly");
        Assert.False(audit.Passed);
        Assert.Contains(audit.Failures, f => f.IsRecoveredExactly);
    }

    [Fact]
    public void A_group_whose_zeros_stay_published_fails_the_audit_even_when_its_cell_is_uncertain()
    {
        var region = Tables.Flat("region", DimensionRole.Grouping, "R1", "R2", "R3");
        var category = Tables.Flat("category", DimensionRole.Attribute, "c1", "c2", "c3");
        var table = Tables.Grid("t", region, category, new long[,] { { 7, 0, 0 }, { 12, 15, 9 }, { 20, 11, 14 } });
        var required = TableProtector.Protect([table], new DisclosureRules()).Tables[0];
        // Hide the full cell, its row total and a rectangle through R2: the cell can be anything from
        // 0 to 19, yet R1's zeros still say every member of R1 is in c1.
        var hidden = new[] { ("R1", "all"), ("R2", "all"), ("R2", "c1") }.Select(c => table.CellOf([c.Item1, c.Item2])).ToHashSet();
        var whole = table.CellOf(["R1", "c1"]);
        var publication = new ProtectedTable(table,
            [.. Enumerable.Range(0, table.CellCount).Select(cell => cell == whole ? CellStatus.Primary : hidden.Contains(cell) ? CellStatus.Secondary : CellStatus.Published)],
            [.. Enumerable.Range(0, table.CellCount).Select(required.ReasonsAt)],
            [.. Enumerable.Range(0, table.CellCount).Select(required.RequiredAt)]);

        var audited = SuppressionAuditor.Audit([publication])[table.KeyOf(whole)];

        Assert.Equal(0, audited.Lower, 6);
        Assert.Equal(19, audited.Upper, 6);
        Assert.Equal(0, audited.LargestRestOfGroup[table.KeyOf(table.CellOf(["R1", "all"]))], 6);
        Assert.False(audited.IsProtected);
    }

    [Fact]
    public void A_sensitive_figure_that_a_linked_table_publishes_fails_the_audit()
    {
        var table = Tables.Grid("t", Region, Category, new long[,] { { 2, 10 }, { 8, 12 } });
        var protectedTable = TableProtector.Protect([table], new DisclosureRules()).Tables[0];
        var sameFiguresAllPublished = new ProtectedTable(table,
            [.. Enumerable.Repeat(CellStatus.Published, table.CellCount)],
            [.. Enumerable.Repeat(PrimaryReasons.None, table.CellCount)],
            [.. Enumerable.Repeat<CellProtection?>(null, table.CellCount)]);

        var audit = SuppressionAuditor.Audit([protectedTable, sameFiguresAllPublished]);

        var failure = Assert.Single(audit.Failures);
        Assert.Equal(CellStatus.Published, failure.Status);
        Assert.True(failure.IsRecoveredExactly);
    }

    [Fact]
    public void A_hand_built_publication_must_give_each_primary_cell_and_only_those_a_protection()
    {
        var table = Tables.Grid("t", Region, Category, new long[,] { { 2, 10 }, { 8, 12 } });

        var error = Assert.Throws<DisclosureInputException>(() => new ProtectedTable(table,
            [.. Enumerable.Repeat(CellStatus.Primary, table.CellCount)],
            [.. Enumerable.Repeat(PrimaryReasons.None, table.CellCount)],
            [.. Enumerable.Repeat<CellProtection?>(null, table.CellCount)]));

        Assert.All(error.Problems, p => Assert.Equal(DisclosureProblem.Codes.MalformedPublication, p.Code));
    }
}
