using Exchange.Access.Agreements;
using Exchange.Core.Codes;
using Exchange.Reporting.Disclosure;
using Exchange.Reporting.Reports;

namespace Exchange.Reporting.Statistics;

/// <summary>Satisfaction with services, from graduates' feedback (1–5), by service type and group.</summary>
internal sealed class SatisfactionReport : IStatisticsReport
{
    private const string Sql = """
        select coalesce(f.service_type, 'unknown'), p.category_rank is not null, f.satisfaction, count(*)
        from report_feedback f
        join population p on p.subject_id = f.subject_id
        where f.responded_on <= @as_of and f.satisfaction is not null
        group by 1, 2, 3
        """;

    private static readonly string[] Scores = ["1", "2", "3", "4", "5"];

    public string Name => "satisfaction";

    public LocalText Title => new("服务满意度", "Satisfaction with services");

    public IReadOnlySet<DataCategory> Categories { get; } = new HashSet<DataCategory> { DataCategory.Education, DataCategory.Hardship, DataCategory.Disability };

    public async Task<ReportBody> ComputeAsync(ReportContext context, CancellationToken cancellationToken)
    {
        var rows = new List<(string Type, bool Disadvantaged, int Score, long Count)>();
        await context.ReadAsync(Sql, null, r => rows.Add((r.GetString(0), r.GetBoolean(1), r.GetInt32(2), r.GetInt64(3))), cancellationToken);

        var types = CodeListCatalog.Shipped["service-type"];
        var service = Axis.Flat("service-type", DimensionRole.Grouping, new("服务类型", "service type"), new("全部服务", "all services"),
            [.. rows.Select(r => r.Type).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(t => (t, Labels.Of(types, t)))]);
        var group = Groups.Pair("group");
        var score = Axis.Flat("satisfaction", DimensionRole.Attribute, new("满意度评分", "satisfaction score"), new("全部评价", "all responses"),
            [.. Scores.Select(s => (s, new LocalText(s + " 分", "score " + s)))], totalIsEveryone: false);
        var table = context.Table("satisfaction", service, group, score);
        foreach (var row in rows.Where(r => r.Score is >= 1 and <= 5))
            table.Add(row.Count, row.Type, row.Disadvantaged ? Groups.Disadvantaged : Groups.Others, row.Score.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var protectedTables = context.Protect(table);
        var columns = new List<Column> { new CountColumn("responses", new("评价数", "responses"), Totals.Code) };
        columns.AddRange(Scores.Select(s => new CountColumn("score-" + s, new(s + " 分", "score " + s), s)));
        columns.Add(new ComputedColumn("satisfied-share", new("满意（4–5 分）比例", "share satisfied (4–5)"), MeasureUnit.Share, cells =>
            cells.Published("4") is { } four && cells.Published("5") is { } five && cells.Published(Totals.Code) is { } all
                ? all == 0 ? ReportValue.NotApplicable : ReportValue.Of((double)(four + five) / all)
                : ReportValue.Suppressed));
        columns.Add(new ComputedColumn("mean-score", new("平均分", "mean score"), MeasureUnit.Score, Mean));
        var layout = TableLayout.Layout(protectedTables[table.Name], [service, group], new("按服务类型和群体", "By service type and group"), columns,
            new ReportChart(new("平均满意度", "mean satisfaction"), "mean-score", "service-type", "group"));
        LocalText[] notes =
        [
            new("计数单位为评价次数。平均分只在该行各分值均公布时给出，以免由平均分推算被隐藏的格。", "Counted in responses. The mean is shown only where every score of the row is published, so that it cannot be used to work out a hidden cell."),
        ];
        return new ReportBody([layout], [], notes, protectedTables.Suppressed, protectedTables.Published);
    }

    private static ReportValue Mean(RowCells cells)
    {
        if (!cells.AllPublished())
            return ReportValue.Suppressed;
        var total = cells.Published(Totals.Code)!.Value;
        if (total == 0)
            return ReportValue.NotApplicable;
        var sum = Scores.Sum(s => cells.Published(s)!.Value * int.Parse(s, System.Globalization.CultureInfo.InvariantCulture));
        return ReportValue.Of((double)sum / total);
    }
}
