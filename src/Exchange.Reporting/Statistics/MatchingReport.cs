using Exchange.Access.Agreements;
using Exchange.Reporting.Disclosure;
using Exchange.Reporting.Reports;

namespace Exchange.Reporting.Statistics;

/// <summary>
/// Precise-matching rate: of the job referrals made to graduates, the share that led to a
/// placement with the referred vacancy's employer, started on or after the referral. A referral
/// that names the vacancy's employer (<c>vacancyEmployerCreditCode</c>) is judged by it; one that
/// names its vacancy by record id alone, which two employers may both use, is counted once, placed
/// if a placement followed with the employer of any vacancy of that id.
/// </summary>
internal sealed class MatchingReport : IStatisticsReport
{
    // Each referral delivered by the as-of day, placed if the first placement that followed it with
    // its employer (kept on the referral, Index migration 0023) began by the day.
    private const string Sql = """
        select p.part, p.category_rank, coalesce(sv.placement_followed_on <= @as_of, false), count(*)
        from report_service sv join population p on p.subject_id = sv.subject_id
        where sv.service_type = 'job-referral' and sv.delivered_on <= @as_of
        group by 1, 2, 3
        """;

    public string Name => "matching";

    public LocalText Title => new("精准匹配率：岗位推荐的成效", "Precise-matching rate: what job referrals led to");

    public IReadOnlySet<DataCategory> Categories { get; } = new HashSet<DataCategory> { DataCategory.Education, DataCategory.Outcomes, DataCategory.Hardship, DataCategory.Disability };

    public async Task<ReportBody> ComputeAsync(ReportContext context, CancellationToken cancellationToken)
    {
        var rows = new List<(string Part, string Category, bool Placed, long Count)>();
        await context.ReadAsync(Sql, null, r => rows.Add((r.GetString(0), Population.CategoryOf(r.IsDBNull(1) ? null : r.GetInt32(1)), r.GetBoolean(2), r.GetInt64(3))), cancellationToken);

        var region = Regions.Axis(context.Population.Region, rows.Select(r => r.Part));
        var group = Groups.Axis();
        var outcome = Axis.Flat("referral-outcome", DimensionRole.Attribute, new("推荐结果", "referral outcome"), new("全部推荐", "all referrals"),
            [("placed", new("推荐后在该单位落实", "placed with the employer")), ("other", new("其他", "other"))], totalIsEveryone: false);
        var table = context.Table("matching", region, group, outcome);
        foreach (var row in rows)
            table.Add(row.Count, row.Part, row.Category, row.Placed ? "placed" : "other");

        var protectedTables = context.Protect(table);
        Column[] columns =
        [
            new CountColumn("referrals", new("岗位推荐次数", "job referrals"), Totals.Code),
            new ComputedColumn("interview-rate", new("面试率", "interview rate"), MeasureUnit.Share, _ => ReportValue.NotApplicable),
            new ComputedColumn("offer-rate", new("录用率", "offer rate"), MeasureUnit.Share, _ => ReportValue.NotApplicable),
            new CountColumn("placed", new("推荐后落实次数", "referrals that led to a placement"), "placed"),
            new ShareColumn("placement-rate", new("推荐落实率", "placement rate of referrals"), "placed", Totals.Code),
        ];
        var layout = TableLayout.Layout(protectedTables[table.Name], [region, group], new("按地区和群体", "By region and group"), columns,
            new ReportChart(new("推荐落实率", "placement rate of referrals"), "placement-rate", "region", "group"));
        LocalText[] notes =
        [
            new("计数单位为推荐次数而非人数。推荐落实指毕业生在推荐日至统计日之间到所推荐岗位的用人单位（统一社会信用代码相同）落实去向。", "Counted in referrals, not people. A referral led to a placement when the graduate started with the referred vacancy's employer (same credit code) between the referral and the as-of day."),
            new("面试和录用环节在现有记录中没有数据，故不计算面试率和录用率。", "The records carry no interview or offer events, so the interview and offer rates are not computed."),
        ];
        return new ReportBody([layout], [], notes, protectedTables.Suppressed, protectedTables.Published);
    }
}
