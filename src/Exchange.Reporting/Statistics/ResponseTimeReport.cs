using Exchange.Access.Agreements;
using Exchange.Reporting.Disclosure;
using Exchange.Reporting.Reports;

namespace Exchange.Reporting.Statistics;

/// <summary>
/// Service response time: days from a graduate's registration with the hub (the first record that
/// made the subject known) to the first service delivered, median and 90th percentile, by region
/// and group, beside the share served at all.
/// </summary>
internal sealed class ResponseTimeReport : IStatisticsReport
{
    // One pass over the population: each graduate's registration and first service delivered by the
    // as-of day, if any, both kept on its member row. Days are null for a graduate never served; GREATEST skips nulls,
    // so it must not see one.
    private const string Sql = """
        select p.part, p.category_rank,
               case when p.first_service_on is not null then greatest(0, p.first_service_on - (p.registered_at at time zone 'Asia/Shanghai')::date) end,
               count(*)
        from population p
        group by 1, 2, 3
        """;

    public string Name => "response-time";

    public LocalText Title => new("服务响应时间：登记至首次服务", "Service response time: registration to first service");

    public IReadOnlySet<DataCategory> Categories { get; } = new HashSet<DataCategory> { DataCategory.Education, DataCategory.Hardship, DataCategory.Disability };

    public async Task<ReportBody> ComputeAsync(ReportContext context, CancellationToken cancellationToken)
    {
        var rows = new List<(string Part, string Category, int? Days, long Count)>();
        await context.ReadAsync(Sql, null, r => rows.Add((r.GetString(0), Population.CategoryOf(r.IsDBNull(1) ? null : r.GetInt32(1)),
            r.IsDBNull(2) ? null : r.GetInt32(2), r.GetInt64(3))), cancellationToken);

        var region = Regions.Axis(context.Population.Region, rows.Select(r => r.Part));
        var group = Groups.Axis();
        var served = Axis.Flat("served", DimensionRole.Attribute, new("是否获得服务", "served"), new("全部毕业生", "all graduates"),
            [("yes", new("已获得服务", "served")), ("no", new("尚未获得服务", "not served yet"))]);
        var table = context.Table("response-time", region, group, served);
        var histograms = new RowHistograms(region.Dimension.Root);
        foreach (var row in rows)
        {
            table.Add(row.Count, row.Part, row.Category, row.Days is null ? "no" : "yes");
            if (row.Days is { } days)
                histograms.Add(row.Part, row.Category, days, row.Count);
        }

        var protectedTables = context.Protect(table);
        var threshold = context.Rules.Threshold;
        Column[] columns =
        [
            new CountColumn("graduates", new("毕业生人数", "graduates"), Totals.Code),
            new CountColumn("served", new("已获得服务人数", "served"), "yes"),
            new ShareColumn("served-share", new("获得服务比例", "share served"), "yes", Totals.Code),
            new ComputedColumn("median-days", new("响应天数（中位数）", "days to first service (median)"), MeasureUnit.Days, cells => Quantile(cells, histograms, threshold, 0.5)),
            new ComputedColumn("p90-days", new("响应天数（第90百分位）", "days to first service (90th percentile)"), MeasureUnit.Days, cells => Quantile(cells, histograms, threshold, 0.9)),
        ];
        var layout = TableLayout.Layout(protectedTables[table.Name], [region, group], new("按地区和群体", "By region and group"), columns,
            new ReportChart(new("响应天数中位数", "median days to first service"), "median-days", "region", "group"));
        LocalText[] notes =
        [
            new("登记时间取平台首次收到该毕业生记录的时间；首次服务取统计日前最早的服务记录。早于登记的服务计为 0 天。", "Registration is when the hub first received a record of the graduate; the first service is the earliest delivered by the as-of day. A service before registration counts as 0 days."),
            new("百分位数只在该行已获得服务人数公布且不少于阈值时给出。", "Percentiles are shown only where the row's served count is published and at least the threshold."),
        ];
        return new ReportBody([layout], [], notes, protectedTables.Suppressed, protectedTables.Published);
    }

    private static ReportValue Quantile(RowCells cells, RowHistograms histograms, int threshold, double q)
    {
        if (cells.Published("yes") is not { } served)
            return ReportValue.Suppressed;
        if (served == 0)
            return ReportValue.NotApplicable;
        var histogram = histograms.For(cells.Coordinates[0], cells.Coordinates[1]);
        return histogram.Count < threshold ? ReportValue.Suppressed : ReportValue.Of(histogram.Quantile(q)!.Value);
    }
}
