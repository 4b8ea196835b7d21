using Exchange.Reporting.Disclosure;
using Xunit.Abstractions;

namespace Exchange.Reporting.Tests.Disclosure;

/// <summary>Reports that share figures, requested together or one after another by the same bureau.</summary>
public sealed class LinkedTableTests(ITestOutputHelper output)
{
    private static readonly Dimension Category = Tables.Flat("category", DimensionRole.Attribute, "k1", "k2", "k3");

    // Regions A+B+C and A+B: their difference is region C alone. C's k1 cell (2) is small.
    private static readonly long[,] Abc = { { 20, 30, 25 }, { 18, 22, 40 }, { 2, 15, 12 } };

    private static CountTable Selection(string name, params string[] regions)
    {
        var root = string.Join('+', regions);
        var region = Dimension.Tree("region", DimensionRole.Grouping, root, regions.Select(r => (r, root)));
        var rows = new long[regions.Length, 3];
        for (var r = 0; r < regions.Length; r++)
        {
            for (var c = 0; c < 3; c++)
                rows[r, c] = Abc[r, c];
        }
        return Tables.Grid(name, region, Category, rows);
    }

    [Fact]
    public void Overlapping_reports_protected_one_at_a_time_let_their_difference_recover_a_suppressed_cell()
    {
        var abc = Selection("A+B+C", "A", "B", "C");
        var ab = Selection("A+B", "A", "B");

        var first = TableProtector.Protect([abc], new DisclosureRules());
        var second = TableProtector.Protect([ab], new DisclosureRules());
        var together = SuppressionAuditor.Audit([first.Tables[0], second.Tables[0]]);

        output.WriteLine(Tables.Render(first.Tables[0]));
        output.WriteLine(Tables.Render(second.Tables[0]));
        Assert.True(first.Audit.Passed);
        Assert.True(second.Audit.Passed);
        Assert.Equal(0, second.Tables[0].Count(CellStatus.Secondary) + second.Tables[0].Count(CellStatus.Primary));
        var recovered = together[abc.KeyOf(abc.CellOf(["C", "k1"]))];
        Assert.True(recovered.IsRecoveredExactly);
        Assert.Equal(2, recovered.Lower, 6);
        Assert.False(together.Passed);
    }

    [Fact]
    public void Overlapping_reports_protected_together_pass_the_audit_of_both()
    {
        var abc = Selection("A+B+C", "A", "B", "C");
        var ab = Selection("A+B", "A", "B");

        var result = TableProtector.Protect([abc, ab], new DisclosureRules());

        output.WriteLine(Tables.Describe(result));
        output.WriteLine(Tables.Render(result.Tables[0]));
        output.WriteLine(Tables.Render(result.Tables[1]));
        Assert.True(result.Audit.Passed);
        Assert.True(SuppressionAuditor.Audit(result.Tables).Passed);
        AssertSharedFiguresAgree(result.Tables[0], result.Tables[1]);
        // A+B's figures are all published, so C's cell must hide behind A+B+C's own totals.
        Assert.Equal(0, result.Tables[1].Count(CellStatus.Secondary));
        Assert.Equal(CellStatus.Secondary, result.Tables[0].StatusOf("A+B+C", "k1"));
        var audited = result.Audit[abc.KeyOf(abc.CellOf(["C", "k1"]))];
        Assert.True(audited.Lower <= 0 + AuditedCell.Tolerance && audited.Upper >= 5 - AuditedCell.Tolerance);
    }

    [Fact]
    public void A_report_protected_after_an_earlier_one_keeps_the_earlier_suppressions_unrecoverable()
    {
        var abc = Selection("A+B+C", "A", "B", "C");
        var ab = Selection("A+B", "A", "B");
        var earlier = TableProtector.Protect([abc], new DisclosureRules());

        var later = TableProtector.Protect([ab], new DisclosureRules(), publishedBefore: earlier.Tables);

        output.WriteLine(Tables.Render(earlier.Tables[0]));
        output.WriteLine(Tables.Render(later.Tables[0]));
        Assert.True(later.Audit.Passed);
        Assert.True(SuppressionAuditor.Audit([earlier.Tables[0], later.Tables[0]]).Passed);
        AssertSharedFiguresAgree(earlier.Tables[0], later.Tables[0]);
        Assert.Empty(later.Shortfalls);
    }

    [Fact]
    public void Region_by_category_and_region_by_education_share_their_region_totals_and_are_protected_together()
    {
        var region = Tables.Flat("region", DimensionRole.Grouping, "R1", "R2", "R3", "R4", "R5", "R6");
        var education = Tables.Flat("education", DimensionRole.Attribute, "e1", "e2", "e3");
        var category = Tables.Flat("category", DimensionRole.Attribute, "k1", "k2", "k3", "k4");
        var people = Graduates(seed: 11, count: 260, region, category, education);
        var byCategory = CountTable.FromLeafCounts("by category", [region, category], Count(people, p => [p.Region, p.Category]));
        var byEducation = CountTable.FromLeafCounts("by education", [region, education], Count(people, p => [p.Region, p.Education]));

        var result = TableProtector.Protect([byCategory, byEducation], new DisclosureRules());

        output.WriteLine(Tables.Describe(result));
        output.WriteLine(Tables.Render(result.Tables[0]));
        output.WriteLine(Tables.Render(result.Tables[1]));
        // Each region's total is one figure, in both tables.
        Assert.Equal(byCategory.KeyOf(byCategory.CellOf(["R3", "all"])), byEducation.KeyOf(byEducation.CellOf(["R3", "all"])));
        Assert.Equal(7 * 5 + 7 * 4 - 7, result.Statistics.Figures);
        Assert.True(result.Statistics.Primary > 0);
        Assert.True(result.Audit.Passed);
        Assert.True(SuppressionAuditor.Audit(result.Tables).Passed);
        AssertSharedFiguresAgree(result.Tables[0], result.Tables[1]);
    }

    [Fact]
    public void A_figure_published_earlier_that_a_stricter_rule_now_finds_sensitive_is_reported_short()
    {
        var abc = Selection("A+B+C", "A", "B", "C");
        var ab = Selection("A+B", "A", "B");
        var earlier = TableProtector.Protect([abc], new DisclosureRules { Threshold = 2 });

        var later = TableProtector.Protect([ab, abc], new DisclosureRules(), publishedBefore: earlier.Tables);

        var key = abc.KeyOf(abc.CellOf(["C", "k1"]));
        var shortfall = Assert.Single(later.Shortfalls);
        Assert.Equal(key, shortfall.Key);
        Assert.Equal(new ProtectionInterval(0, 5), shortfall.Wanted.Value);
        Assert.Equal(new ProtectionInterval(2, 2), shortfall.Achieved.Value);
        Assert.Equal(CellStatus.Published, later.Tables[1].StatusOf("C", "k1"));
        Assert.True(later.Audit.Passed);
    }

    [Theory]
    [InlineData(12, 10, 5, 6, 4)]
    public void A_generated_province_and_the_province_without_one_prefecture_are_protected_against_their_difference(int seed, int prefectures, int counties, int categories, int leftOut)
    {
        var (whole, without) = GeneratedTables.OverlappingSelections(seed, prefectures, counties, categories, leftOut);

        var apart = SuppressionAuditor.Audit([
            TableProtector.Protect([whole], new DisclosureRules()).Tables[0],
            TableProtector.Protect([without], new DisclosureRules()).Tables[0]]);
        var together = TableProtector.Protect([whole, without], new DisclosureRules());

        output.WriteLine($"{whole.CellCount} + {without.CellCount} cells: {Tables.Describe(together)}");
        output.WriteLine($"protected apart: {apart.Failures.Count} figures under-protected, {apart.Failures.Count(f => f.IsRecoveredExactly)} recovered exactly");
        Assert.True(together.Audit.Passed);
        Assert.True(SuppressionAuditor.Audit(together.Tables).Passed);
        AssertSharedFiguresAgree(together.Tables[0], together.Tables[1]);
        // With this seed, protecting the two reports apart leaves a figure the difference gives away.
        Assert.False(apart.Passed);
    }

    private static void AssertSharedFiguresAgree(ProtectedTable first, ProtectedTable second)
    {
        var statuses = Enumerable.Range(0, first.Table.CellCount).ToDictionary(first.Table.KeyOf, cell => first.StatusAt(cell) == CellStatus.Published);
        var shared = 0;
        for (var cell = 0; cell < second.Table.CellCount; cell++)
        {
            if (!statuses.TryGetValue(second.Table.KeyOf(cell), out var published))
                continue;
            shared++;
            Assert.Equal(published, second.StatusAt(cell) == CellStatus.Published);
        }
        Assert.True(shared > 0);
    }

    private sealed record Graduate(string Region, string Category, string Education);

    private static List<Graduate> Graduates(int seed, int count, Dimension region, Dimension category, Dimension education)
    {
        var random = new Random(seed);
        string Pick(Dimension d) => d.Codes[1 + (int)(Math.Pow(random.NextDouble(), 2) * (d.NodeCount - 1))];
        return [.. Enumerable.Range(0, count).Select(_ => new Graduate(Pick(region), Pick(category), Pick(education)))];
    }

    private static List<(IReadOnlyList<string>, long)> Count(List<Graduate> people, Func<Graduate, string[]> cell) =>
        [.. people.GroupBy(p => string.Join('|', cell(p))).Select(g => ((IReadOnlyList<string>)g.Key.Split('|'), (long)g.Count()))];
}
