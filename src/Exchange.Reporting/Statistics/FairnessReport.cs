using Exchange.Access.Agreements;
using Exchange.Reporting.Disclosure;
using Exchange.Reporting.Reports;

namespace Exchange.Reporting.Statistics;

/// <summary>
/// Fairness of matching: how often disadvantaged graduates were recommended (received a job
/// referral) and placed, against equally qualified others, as a disparate-impact ratio. Equally
/// qualified means the same education level: the ratio is the disadvantaged graduates' observed
/// count over the count expected if, level by level, they fared as the others did. A ratio under
/// the bound (0.8 by default, the four-fifths rule) is flagged.
/// </summary>
internal sealed class FairnessReport : IStatisticsReport
{
    // Recommended: a job referral delivered by the as-of day; placed: a placement in a placed
    // category of the chosen definition begun by then. Both from the graduate's milestones.
    private const string Sql = """
        select p.part, p.education, p.category_rank is not null, p.first_referral_on is not null,
               (case when @formula_2021 then p.first_placed_2021_on else p.first_placed_2024_on end) is not null, count(*)
        from population p
        group by 1, 2, 3, 4, 5
        """;

    private static readonly (string Name, LocalText Label)[] Outcomes =
    [
        ("recommended", new("获得岗位推荐", "recommended")),
        ("placed", new("落实去向", "placed")),
    ];

    public string Name => "fairness";

    public LocalText Title => new("匹配公平性：困难群体与同等条件毕业生的推荐率和落实率", "Fairness of matching: recommendation and placement of disadvantaged graduates against equally qualified others");

    public IReadOnlySet<DataCategory> Categories { get; } = new HashSet<DataCategory> { DataCategory.Education, DataCategory.Outcomes, DataCategory.Hardship, DataCategory.Disability };

    public async Task<ReportBody> ComputeAsync(ReportContext context, CancellationToken cancellationToken)
    {
        var rows = new List<(string Part, string Education, bool Disadvantaged, bool Recommended, bool Placed, long Count)>();
        await context.ReadAsync(Sql, p => p.AddWithValue("formula_2021", context.Parameters.Formula == PlacementFormula.Moe2021),
            r => rows.Add((r.GetString(0), r.GetString(1), r.GetBoolean(2), r.GetBoolean(3), r.GetBoolean(4), r.GetInt64(5))), cancellationToken);

        var region = Regions.Axis(context.Population.Region, rows.Select(r => r.Part));
        var education = Educations.Axis(rows.Select(r => r.Education));
        var group = Groups.Pair("group");
        var tables = Outcomes.Select(o => context.Table("fairness-" + o.Name, region, education, group,
            Axis.Flat(o.Name, DimensionRole.Attribute, o.Label, new("全部毕业生", "all graduates"), [("yes", new("是", "yes")), ("no", new("否", "no"))]))).ToArray();
        foreach (var row in rows)
        {
            var who = row.Disadvantaged ? Groups.Disadvantaged : Groups.Others;
            tables[0].Add(row.Count, row.Part, row.Education, who, row.Recommended ? "yes" : "no");
            tables[1].Add(row.Count, row.Part, row.Education, who, row.Placed ? "yes" : "no");
        }

        var protectedTables = context.Protect(tables);
        var bound = context.Options.FairnessBound;
        var levels = education.InReadingOrder().Where(e => e != Totals.Code).ToList();
        var columns = new List<Column>
        {
            new ComputedColumn("disadvantaged", new("困难群体毕业生人数", "disadvantaged graduates"), MeasureUnit.Count,
                cells => TableLayout.CountAt(protectedTables[tables[0].Name], cells.Coordinates[0], Totals.Code, Groups.Disadvantaged, Totals.Code)),
            new ComputedColumn("others", new("其他毕业生人数", "other graduates"), MeasureUnit.Count,
                cells => TableLayout.CountAt(protectedTables[tables[0].Name], cells.Coordinates[0], Totals.Code, Groups.Others, Totals.Code)),
        };
        foreach (var (table, (name, label)) in tables.Zip(Outcomes))
        {
            var protectedTable = protectedTables[table.Name];
            columns.Add(new ComputedColumn(name + "-rate-disadvantaged", new(label.Zh + "率（困难群体）", label.En + " rate (disadvantaged)"), MeasureUnit.Share,
                cells => Rate(protectedTable, cells.Coordinates[0], Groups.Disadvantaged)));
            columns.Add(new ComputedColumn(name + "-rate-others", new(label.Zh + "率（其他）", label.En + " rate (others)"), MeasureUnit.Share,
                cells => Rate(protectedTable, cells.Coordinates[0], Groups.Others)));
            columns.Add(new ComputedColumn(name + "-impact-ratio", new(label.Zh + "差异影响比", label.En + " disparate-impact ratio"), MeasureUnit.Ratio,
                cells => ImpactRatio(protectedTable, cells.Coordinates[0], levels)));
        }

        var first = protectedTables[tables[0].Name];
        var layout = TableLayout.Layout(first, [region], new("按地区", "By region"), columns,
            new ReportChart(new("落实差异影响比", "placement disparate-impact ratio"), "placed-impact-ratio", "region"));
        var flags = new List<ReportFlag>();
        foreach (var row in layout.Rows)
        {
            foreach (var (name, label) in Outcomes)
            {
                var index = layout.Measures.Select((m, i) => (m, i)).Single(p => p.m.Name == name + "-impact-ratio").i;
                if (row.Values[index] is { Status: ValueStatus.Shown, Value: { } ratio } && ratio < bound)
                {
                    var where = row.Categories[0].Label;
                    flags.Add(new ReportFlag("fairness.below-bound", new(
                        $"{where.Zh}：{label.Zh}差异影响比 {ratio:0.00} 低于 {bound:0.00}。",
                        $"{where.En}: the {label.En} disparate-impact ratio {ratio:0.00} is below {bound:0.00}.")));
                }
            }
        }
        LocalText[] notes =
        [
            new("同等条件按学历层次分层：差异影响比 = 困难群体实际人数 ÷ 按各层其他毕业生比率推算的期望人数；只用各格均公布的层计算。", "Equally qualified means the same education level: the ratio is the disadvantaged graduates' observed count over the count expected at the others' rate, level by level, using only levels whose cells are all published."),
            new($"差异影响比低于 {bound:0.00}（四五规则）时标记。推荐指获得至少一次岗位推荐服务。", $"A ratio below {bound:0.00} (the four-fifths rule) is flagged. Recommended means at least one job-referral service."),
        ];
        return new ReportBody([layout], flags, notes, protectedTables.Suppressed, protectedTables.Published);
    }

    private static ReportValue Rate(Disclosure.ProtectedTable table, string region, string group) =>
        TableLayout.ShareOf(TableLayout.CountAt(table, region, Totals.Code, group, "yes"), TableLayout.CountAt(table, region, Totals.Code, group, Totals.Code));

    private static ReportValue ImpactRatio(Disclosure.ProtectedTable table, string region, IReadOnlyList<string> levels)
    {
        double observed = 0, expected = 0;
        foreach (var level in levels)
        {
            var cells = new[]
            {
                TableLayout.CountAt(table, region, level, Groups.Disadvantaged, "yes"), TableLayout.CountAt(table, region, level, Groups.Disadvantaged, Totals.Code),
                TableLayout.CountAt(table, region, level, Groups.Others, "yes"), TableLayout.CountAt(table, region, level, Groups.Others, Totals.Code),
            };
            if (cells.Any(c => c.Status != ValueStatus.Shown) || cells[3].Value == 0)
                continue;
            observed += cells[0].Value!.Value;
            expected += cells[1].Value!.Value * cells[2].Value!.Value / cells[3].Value!.Value;
        }
        return expected > 0 ? ReportValue.Of(observed / expected) : ReportValue.NotApplicable;
    }
}
