using Exchange.Access.Agreements;
using Exchange.Reporting.Reports;

namespace Exchange.Reporting.Statistics;

/// <summary>
/// Employment outcomes of a cohort: destinations and the placement rate by region, education level
/// and major group, disadvantaged graduates side by side with all graduates, and the days from
/// graduation to the first placement. The three tables share their group and destination totals
/// and are protected together.
/// </summary>
internal sealed class OutcomesReport : IStatisticsReport
{
    // The population read with each graduate's milestones: the latest placement begun by the as-of
    // day, and the start of the first that counts as placed. The latest placement ever begun is the
    // one by the day unless it began later; then report_latest_placement looks for the one before
    // it, for those graduates alone, in a grouping of their own: a call per graduate in the main
    // grouping would make PostgreSQL expect a group per graduate and aggregate a million rows in one
    // process. A graduate with no placement has no latest one either. The days to the first
    // placement are a third grouping.
    private const string OutcomesSql = """
        select false, p.part, p.education, p.discipline, p.category_rank, p.latest_destination_code, coalesce(p.latest_signed_statement, false), null::int, count(*)
        from population p
        where p.latest_placement_start <= @as_of or p.latest_placement_start is null
        group by 2, 3, 4, 5, 6, 7
        union all
        select false, b.part, b.education, b.discipline, b.category_rank, (b.placement).destination_code, coalesce((b.placement).signed_statement, false), null, count(*)
        from (select p.*, report_latest_placement(p.subject_id, @as_of) as placement from population p where p.latest_placement_start > @as_of) as b
        group by 2, 3, 4, 5, 6, 7
        union all
        select true, p.part, null, null, p.category_rank, null, false, greatest(0, d.started - p.graduated_on), count(*)
        from population p
        cross join lateral (select case when @formula_2021 then p.first_placed_2021_on else p.first_placed_2024_on end as started) as d
        where d.started is not null and p.graduated_on is not null
        group by 2, 5, 8
        """;

    public string Name => "outcomes";

    public LocalText Title => new("就业状况：毕业去向与毕业去向落实率", "Employment outcomes: destinations and placement rate");

    public IReadOnlySet<DataCategory> Categories { get; } = new HashSet<DataCategory> { DataCategory.Education, DataCategory.Outcomes, DataCategory.Hardship, DataCategory.Disability };

    public async Task<ReportBody> ComputeAsync(ReportContext context, CancellationToken cancellationToken)
    {
        var formula = context.Parameters.Formula;
        var rows = new List<(string Part, string Education, string Discipline, string Category, string Destination, long Count)>();
        var histograms = new RowHistograms(context.Population.Region ?? Totals.Code);
        await context.ReadAsync(OutcomesSql, p => p.AddWithValue("formula_2021", formula == PlacementFormula.Moe2021), r =>
        {
            var category = Population.CategoryOf(r.IsDBNull(4) ? null : r.GetInt32(4));
            if (!r.GetBoolean(0))
                rows.Add((r.GetString(1), r.GetString(2), r.IsDBNull(3) ? "00" : r.GetString(3), category,
                    Destinations.Classify(formula, r.IsDBNull(5) ? null : r.GetString(5), r.GetBoolean(6)), r.GetInt64(8)));
            else if (!r.IsDBNull(7))
                histograms.Add(r.GetString(1), category, r.GetInt32(7), r.GetInt64(8));
        }, cancellationToken);

        var region = Regions.Axis(context.Population.Region, rows.Select(r => r.Part));
        var education = Educations.Axis(rows.Select(r => r.Education));
        var discipline = Disciplines.Axis(rows.Select(r => r.Discipline));
        var group = Groups.Axis();
        var destination = Destinations.Axis(formula);
        var byRegion = context.Table("outcomes-by-region", region, group, destination);
        var byEducation = context.Table("outcomes-by-education", education, group, destination);
        var byDiscipline = context.Table("outcomes-by-major-group", discipline, group, destination);
        foreach (var row in rows)
        {
            byRegion.Add(row.Count, row.Part, row.Category, row.Destination);
            byEducation.Add(row.Count, row.Education, row.Category, row.Destination);
            byDiscipline.Add(row.Count, row.Discipline, row.Category, row.Destination);
        }

        var protectedTables = context.Protect(byRegion, byEducation, byDiscipline);
        var columns = Columns(formula);
        var rateLabel = formula == PlacementFormula.Moe2021 ? "2021" : "2024";
        var regionColumns = columns.Append(new ComputedColumn("median-days-to-placement", new("毕业至首次落实去向天数（中位数）", "days from graduation to first placement (median)"),
            MeasureUnit.Days, cells => Median(cells, histograms, context.Rules.Threshold))).ToList();
        var chart = new ReportChart(new($"毕业去向落实率（{rateLabel} 口径）", $"placement rate ({rateLabel} definition)"), "placement-rate", "region", "group");
        ReportTable[] tables =
        [
            TableLayout.Layout(protectedTables[byRegion.Name], [region, group], new("按地区", "By region"), regionColumns, chart),
            TableLayout.Layout(protectedTables[byEducation.Name], [education, group], new("按学历层次", "By education level"), columns),
            TableLayout.Layout(protectedTables[byDiscipline.Name], [discipline, group], new("按专业门类", "By major group"), columns),
        ];
        LocalText[] notes =
        [
            formula == PlacementFormula.Moe2021
                ? new("毕业去向落实率按 2021 年教育部口径：协议和合同就业、灵活就业、自主创业、升学之和除以毕业生总数。", "Placement rate by the 2021 Ministry of Education definition: agreement or contract employment, flexible employment, entrepreneurship and further study, over all graduates.")
                : new("毕业去向落实率按 2024 年教育部口径：单位就业、自主创业、自由职业（须有本人签字声明）、升学之和除以毕业生总数。", "Placement rate by the 2024 Ministry of Education definition: unit employment, entrepreneurship, freelance work (with the graduate's signed statement) and further study, over all graduates."),
            new("困难群体按认证类别计入一类：同时具有多种认证的毕业生计入排序最前的一类（残疾、特困供养、孤儿、低保、零就业家庭、脱贫家庭、长期失业）。", "A graduate certified in several disadvantaged categories is counted in the first of: disability, extreme-poverty support, orphan, minimum living allowance, zero-employment family, poverty alleviation, long-term unemployed."),
            new("毕业去向取截至统计日最近开始的一条去向记录；首次落实天数只在该行已落实人数公布且不少于阈值时给出，并只给出地区一级。", "The destination is the latest placement started by the as-of day. Days to first placement are shown only where the row's placed count is published and at least the threshold, and for the region table only."),
        ];
        return new ReportBody(tables, [], notes, protectedTables.Suppressed, protectedTables.Published);
    }

    private static List<Column> Columns(PlacementFormula formula)
    {
        var columns = new List<Column> { new CountColumn("graduates", new("毕业生人数", "graduates"), Totals.Code) };
        columns.Add(new CountColumn(Destinations.Placed, Destinations.LabelOf(Destinations.Placed), Destinations.Placed));
        columns.AddRange(Destinations.PlacedParts(formula).Select(p => new CountColumn(p, Destinations.LabelOf(p), p)));
        columns.Add(new CountColumn(Destinations.Awaiting, Destinations.LabelOf(Destinations.Awaiting), Destinations.Awaiting));
        columns.Add(new CountColumn(Destinations.NotReported, Destinations.LabelOf(Destinations.NotReported), Destinations.NotReported));
        columns.Add(new ShareColumn("placement-rate", new("毕业去向落实率", "placement rate"), Destinations.Placed, Totals.Code));
        return columns;
    }

    private static ReportValue Median(RowCells cells, RowHistograms histograms, int threshold)
    {
        if (cells.Published(Destinations.Placed) is not { } placed)
            return ReportValue.Suppressed;
        var histogram = histograms.For(cells.Coordinates[0], cells.Coordinates[1]);
        if (placed == 0 || histogram.Count == 0)
            return ReportValue.NotApplicable;
        return histogram.Count < threshold ? ReportValue.Suppressed : ReportValue.Of(histogram.Quantile(0.5)!.Value);
    }
}
