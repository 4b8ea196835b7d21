using Exchange.Access.Agreements;
using Exchange.Reporting.Disclosure;
using Exchange.Reporting.Reports;

namespace Exchange.Reporting.Statistics;

/// <summary>
/// Service coverage: the share of certified disadvantaged graduates who received each part of the
/// service package (one policy briefing, one career guidance session, three job referrals, one
/// training or internship opportunity), and the share who received none, by responsible institution.
/// </summary>
internal sealed class CoverageReport : IStatisticsReport
{
    // One pass over the population: each disadvantaged graduate with the services received.
    private const string Sql = """
        select s.institution, s.briefings > 0, s.guidance > 0, s.referrals >= 3, s.training > 0, s.briefings + s.guidance + s.referrals + s.training = 0, count(*)
        from (
          select p.subject_id, coalesce(p.institution, 'unknown') as institution,
                 count(*) filter (where sv.service_type = 'policy-briefing') as briefings,
                 count(*) filter (where sv.service_type = 'career-guidance') as guidance,
                 count(*) filter (where sv.service_type = 'job-referral') as referrals,
                 count(*) filter (where sv.service_type in ('skills-training', 'internship')) as training
          from population p left join report_service sv on sv.subject_id = p.subject_id and sv.delivered_on <= @as_of
          where p.category_rank is not null
          group by p.subject_id, p.institution
        ) as s
        group by 1, 2, 3, 4, 5, 6
        """;

    private static readonly (string Name, LocalText Label)[] Parts =
    [
        ("policy-briefing", new("至少一次政策宣讲", "at least one policy briefing")),
        ("career-guidance", new("至少一次职业指导", "at least one career guidance session")),
        ("job-referrals", new("至少三次岗位推荐", "at least three job referrals")),
        ("training-or-internship", new("至少一次培训或见习机会", "at least one training or internship opportunity")),
        ("none", new("未获得任何服务", "no service at all")),
    ];

    public string Name => "coverage";

    public LocalText Title => new("服务覆盖：困难群体毕业生“1131”服务包落实情况", "Service coverage: the service package for disadvantaged graduates");

    public IReadOnlySet<DataCategory> Categories { get; } = new HashSet<DataCategory> { DataCategory.Education, DataCategory.Hardship, DataCategory.Disability };

    public async Task<ReportBody> ComputeAsync(ReportContext context, CancellationToken cancellationToken)
    {
        var rows = new List<(string Institution, bool[] Received, long Count)>();
        await context.ReadAsync(Sql, null, r => rows.Add((r.GetString(0), [r.GetBoolean(1), r.GetBoolean(2), r.GetBoolean(3), r.GetBoolean(4), r.GetBoolean(5)], r.GetInt64(6))), cancellationToken);

        var institution = Axis.Flat("institution", DimensionRole.Grouping, new("负责院校（学校标识码）", "responsible institution (code)"), new("全部院校", "all institutions"),
            [.. rows.Select(r => r.Institution).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(c => (c, new LocalText(c, c)))]);
        var tables = Parts.Select((part, i) => context.Table("coverage-" + part.Name, [("group", Groups.Disadvantaged)], institution,
            Axis.Flat("received-" + part.Name, DimensionRole.Attribute, part.Label, new("困难群体毕业生", "disadvantaged graduates"),
                [("yes", new("是", "yes")), ("no", new("否", "no"))]))).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < Parts.Length; i++)
                tables[i].Add(row.Count, row.Institution, row.Received[i] ? "yes" : "no");
        }

        var protectedTables = context.Protect(tables);
        var columns = new List<Column> { new CountColumn("disadvantaged-graduates", new("困难群体毕业生人数", "disadvantaged graduates"), Totals.Code) };
        for (var i = 0; i < Parts.Length; i++)
        {
            var table = protectedTables[tables[i].Name];
            var (name, label) = Parts[i];
            columns.Add(new ComputedColumn(name, label, MeasureUnit.Count, cells => TableLayout.CountAt(table, cells.Coordinates[0], "yes")));
            columns.Add(new ComputedColumn(name + "-share", new(label.Zh + "（比例）", label.En + " (share)"), MeasureUnit.Share,
                cells => TableLayout.ShareOf(TableLayout.CountAt(table, cells.Coordinates[0], "yes"), TableLayout.CountAt(table, cells.Coordinates[0], Totals.Code))));
        }

        var first = protectedTables[tables[0].Name];
        var layout = TableLayout.Layout(first, [institution], new("按负责院校", "By responsible institution"), columns,
            new ReportChart(new("服务包各项覆盖率", "coverage of each part of the package"), "job-referrals-share", "institution"));
        LocalText[] notes =
        [
            new("对象为统计日前已获认证（有效或已到期）的困难群体毕业生；服务以统计日前提供的服务记录计。", "Counted: graduates certified disadvantaged (active or expired certification) by the as-of day; services delivered by that day."),
            new("“未获得任何服务”指服务包四项均未获得。按主管部门（人社局）下钻尚未提供：服务记录的提供方即负责院校或机构。", "\"No service at all\" means none of the four parts. A drill-down by bureau is not provided yet; the provider of a service is the responsible institution."),
        ];
        return new ReportBody([layout], [], notes, protectedTables.Suppressed, protectedTables.Published);
    }
}
