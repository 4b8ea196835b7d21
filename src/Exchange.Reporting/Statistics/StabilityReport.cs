using Exchange.Access.Agreements;
using Exchange.Reporting.Disclosure;
using Exchange.Reporting.Reports;

namespace Exchange.Reporting.Statistics;

/// <summary>
/// Employment stability: of the graduates placed in work, the share still employed 6 and 12 months
/// after the placement started, from the placements' follow-ups.
/// </summary>
internal sealed class StabilityReport : IStatisticsReport
{
    // Each graduate's first employment begun by the as-of day, from the graduate's milestones (Index
    // migration 0022), with whether they were still in place at both horizons as judged when the
    // placement was written (0018 and 0021: the first follow-up on or after the horizon decides; a
    // departure reported before it means they had left; otherwise it is not known). Of two
    // employments starting the same day, the sender and record id decide, so that a rerun reads the
    // same one.
    private const string Sql = """
        select h.months, p.part, p.category_rank, case h.months when 6 then p.first_employment_at_6_months else p.first_employment_at_12_months end, count(*)
        from population p cross join (values (6), (12)) as h (months)
        where (p.first_employment_start + make_interval(months => h.months))::date <= @as_of
        group by 1, 2, 3, 4
        """;

    public string Name => "stability";

    public LocalText Title => new("就业稳定性：落实后 6 个月和 12 个月仍在岗", "Employment stability: still employed 6 and 12 months after placement");

    public IReadOnlySet<DataCategory> Categories { get; } = new HashSet<DataCategory> { DataCategory.Education, DataCategory.Outcomes, DataCategory.Hardship, DataCategory.Disability };

    public async Task<ReportBody> ComputeAsync(ReportContext context, CancellationToken cancellationToken)
    {
        var rows = new List<(int Months, string Part, string Category, string Status, long Count)>();
        await context.ReadAsync(Sql, null,
            r => rows.Add((r.GetInt32(0), r.GetString(1), Population.CategoryOf(r.IsDBNull(2) ? null : r.GetInt32(2)), r.GetString(3), r.GetInt64(4))), cancellationToken);

        var region = Regions.Axis(context.Population.Region, rows.Select(r => r.Part));
        var group = Groups.Axis();
        var horizons = new[] { 6, 12 }.Select(months => (Months: months, Table: context.Table($"stability-{months}-months", region, group,
            Axis.Flat($"at-{months}-months", DimensionRole.Attribute, new($"{months} 个月时", $"at {months} months"), new($"已满 {months} 个月的就业者", $"employed at least {months} months ago"),
                [("still", new("仍在岗", "still employed")), ("left", new("已离岗", "left")), ("unknown", new("未跟踪", "not followed up"))], totalIsEveryone: false)))).ToArray();
        foreach (var row in rows)
            horizons.Single(h => h.Months == row.Months).Table.Add(row.Count, row.Part, row.Category, row.Status);

        var protectedTables = context.Protect([.. horizons.Select(h => h.Table)]);
        var tables = horizons.Select(h => TableLayout.Layout(protectedTables[h.Table.Name], [region, group],
            new($"落实后 {h.Months} 个月", $"{h.Months} months after placement"),
            [
                new CountColumn("employed", new("就业人数（已满期限）", "employed (horizon reached)"), Totals.Code),
                new CountColumn("still", new("仍在岗", "still employed"), "still"),
                new CountColumn("left", new("已离岗", "left"), "left"),
                new CountColumn("unknown", new("未跟踪", "not followed up"), "unknown"),
                new ComputedColumn("still-share", new("仍在岗比例（已跟踪者中）", "share still employed (of those followed up)"), MeasureUnit.Share,
                    cells => StillShare(cells)),
            ],
            new ReportChart(new($"{h.Months} 个月仍在岗比例", $"share still employed at {h.Months} months"), "still-share", "region", "group"))).ToList();
        LocalText[] notes =
        [
            new("对象为统计日前开始、且已满 6 或 12 个月的单位就业、创业和灵活就业去向（每人取最早一条）。", "Counted: employment, entrepreneurship and flexible destinations started at least 6 or 12 months before the as-of day (each graduate's earliest)."),
            new("以期限当日或之后的第一次跟踪判断是否在岗；期限前已报告离岗的计为离岗；没有跟踪的计为未跟踪，不计入比例的分母。", "The first follow-up on or after the horizon decides; a departure reported before it counts as left; without a follow-up the graduate is not followed up and left out of the share."),
        ];
        return new ReportBody(tables, [], notes, protectedTables.Suppressed, protectedTables.Published);
    }

    private static ReportValue StillShare(RowCells cells)
    {
        var still = cells.Published("still");
        var left = cells.Published("left");
        if (still is null || left is null)
            return ReportValue.Suppressed;
        return still + left == 0 ? ReportValue.NotApplicable : ReportValue.Of((double)still.Value / (still.Value + left.Value));
    }
}
