using Exchange.Reporting.Reports;
using Exchange.Reporting.Writers;

namespace Exchange.Reporting.Tests.Writers;

/// <summary>A small hand-made report with everything a writer must get right.</summary>
internal static class SampleReport
{
    public const string ZhTitle = "困难毕业生就业去向";
    public const string EnTitle = "Destinations of disadvantaged graduates";

    /// <summary>A label with a comma, a quote, a line break, and a leading <c>=</c> a spreadsheet would run.</summary>
    public static readonly LocalText TrickyLabel = new("=北部, \"新区\"\n二期", "=North, \"new district\"\nphase 2");

    public const string ScriptLabel = "<script>alert('x')</script>";

    public static readonly ReportMeasure Graduates = new("graduates", new("毕业生人数", "Graduates"), MeasureUnit.Count);
    public static readonly ReportMeasure Employed = new("employed", new("就业率", "Share employed"), MeasureUnit.Share);
    public static readonly ReportMeasure Days = new("days-to-job", new("求职天数中位数", "Median days to a job"), MeasureUnit.Days);

    private static readonly ReportCategory AllRegions = new("440000", new("全省", "Whole province"), 0);
    private static readonly ReportCategory East = new("440100", new("东部", "East"), 1);
    private static readonly ReportCategory West = new("440200", new("西部", "West"), 1);
    private static readonly ReportCategory North = new("440300", TrickyLabel, 1);

    private static readonly ReportCategory AllGroups = new("all", new("全部毕业生", "All graduates"), 0);
    private static readonly ReportCategory Rural = new("rural-low-income", new("农村低收入家庭", "Rural low-income"), 1);
    private static readonly ReportCategory Disabled = new("disability", new("残疾", "Disability"), 1);

    public static ReportDocument Build() => new(
        Name: "outcomes",
        Title: new(ZhTitle, EnTitle),
        Parameters: new Dictionary<string, string> { ["cohort"] = "2025", ["region"] = "440000" },
        ComputedAt: new DateTimeOffset(2026, 6, 30, 8, 0, 0, TimeSpan.FromHours(8)),
        Basis: new ReportBasis(
            [
                new ProviderBasis("12440000455858391A", "statutory-duty", Guid.Parse("6f1c1a52-2f41-4a3e-9a0e-3b8e4f6a1c01")),
                new ProviderBasis("*", "consent", Guid.Parse("0b7f5d3e-9c2a-4b1d-8e6f-1a2b3c4d5e6f")),
            ],
            SubjectsCounted: 1234,
            SubjectsLeftOut: 17),
        Disclosure: new DisclosureSummary(Threshold: 5, SuppressedCells: 4, PublishedCells: 40),
        Tables: [ByRegion(), Satisfaction()],
        Flags: [new ReportFlag("fairness.below-bound", new("残疾毕业生的就业率低于全体的 80%。", "Graduates with a disability are employed at under 80% of the rate of all graduates."))],
        Notes: [new LocalText("就业率按 2024 版口径计算。", "The employment rate follows the 2024 formula.")]);

    /// <summary>Region × group, with a chart of the employment share by region, one series per group.</summary>
    public static ReportTable ByRegion() => new(
        Name: "by-region",
        Title: new("按地区和群体", "By region and group"),
        Dimensions: [new("region", new("地区", "Region")), new("group", new("群体", "Group"))],
        Measures: [Graduates, Employed, Days],
        Rows:
        [
            Row(AllRegions, AllGroups, 1234, 0.91234, 35.456),
            Row(AllRegions, Rural, 600, 0.9, 40),
            Row(AllRegions, Disabled, 34, 0.70588, 61.5),
            Row(East, AllGroups, 700, 0.93, 30),
            Row(East, Rural, 320, 0.92, 33),
            Row(East, Disabled, 20, 0.75, 58),
            new([West, AllGroups], [ReportValue.Of(500), ReportValue.Of(0.89), ReportValue.Of(41.25)]),
            new([West, Rural], [ReportValue.Of(277), ReportValue.Of(0.88), ReportValue.Of(47)]),
            new([West, Disabled], [ReportValue.Suppressed, ReportValue.Suppressed, ReportValue.Suppressed]),
            new([North, AllGroups], [ReportValue.Of(34), ReportValue.Of(0.5), ReportValue.Of(12)]),
            new([North, Rural], [ReportValue.Suppressed, ReportValue.Suppressed, ReportValue.NotApplicable]),
            new([North, Disabled], [ReportValue.Of(0), ReportValue.NotApplicable, ReportValue.NotApplicable]),
        ],
        Chart: new ReportChart(new("各地区就业率", "Share employed by region"), "employed", "region", "group"));

    /// <summary>Satisfaction by institution, without a chart; one label would run as a script if not encoded.</summary>
    public static ReportTable Satisfaction() => new(
        Name: "satisfaction",
        Title: new("满意度", "Satisfaction"),
        Dimensions: [new("institution", new("院校", "Institution"))],
        Measures:
        [
            new("score", new("平均满意度", "Mean satisfaction"), MeasureUnit.Score),
            new("parity", new("与全体之比", "Ratio to all"), MeasureUnit.Ratio),
        ],
        Rows:
        [
            new([new("all", new("全部院校", "All institutions"), 0)], [ReportValue.Of(4.126), ReportValue.Of(1)]),
            new([new("10558", new("中山大学", "Sun Yat-sen University"), 1)], [ReportValue.Of(4.2), ReportValue.Of(1.0181)]),
            new([new("x-1", new(ScriptLabel, ScriptLabel), 1)], [ReportValue.Suppressed, ReportValue.NotApplicable]),
        ]);

    private static ReportRow Row(ReportCategory region, ReportCategory group, double graduates, double employed, double days) =>
        new([region, group], [ReportValue.Of(graduates), ReportValue.Of(employed), ReportValue.Of(days)]);

    public static async Task<byte[]> WriteAsync(IReportWriter writer, ReportDocument document, ReportLanguage language)
    {
        using var stream = new MemoryStream();
        await writer.WriteAsync(document, stream, language, CancellationToken.None);
        return stream.ToArray();
    }
}
