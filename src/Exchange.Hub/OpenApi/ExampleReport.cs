using System.Text.Json.Nodes;
using Exchange.Reporting.Reports;
using Exchange.Reporting.Writers;

namespace Exchange.Hub.OpenApi;

/// <summary>
/// A small report as <c>GET /v1/reports/{name}</c> answers it in JSON: Henan's 2026 cohort under one
/// statutory-duty agreement, one table whose small cell is hidden with its complement. Written by the hub's own JSON
/// writer, so the example has the shape the answer has.
/// </summary>
internal static class ExampleReport
{
    private static readonly ReportCategory Henan = new("410000", new("河南省", "Henan"), 0);
    private static readonly ReportCategory Zhengzhou = new("410100", new("郑州市", "Zhengzhou"), 1);
    private static readonly ReportCategory Kaifeng = new("410200", new("开封市", "Kaifeng"), 1);
    private static readonly ReportCategory All = new("all", new("全部毕业生", "All graduates"), 0);
    private static readonly ReportCategory Disadvantaged = new("disadvantaged", new("困难毕业生", "Disadvantaged graduates"), 1);

    public static ReportDocument Document { get; } = new(
        "outcomes",
        new("困难毕业生就业去向", "Destinations of disadvantaged graduates"),
        new Dictionary<string, string> { ["asOf"] = "2026-12-31", ["cohort"] = "2026", ["formula"] = "2024", ["region"] = "410000" },
        new DateTimeOffset(2026, 12, 31, 9, 0, 0, TimeSpan.FromHours(8)),
        new ReportBasis([new ProviderBasis("*", "statutory-duty", Guid.Parse("3c9e2f4a-7b1d-4e8a-9f60-2d5c8b1a7e44"))], 1840, 0),
        new DisclosureSummary(5, 4, 8),
        [
            new ReportTable("by-region", new("按地区", "By region"),
                [new ReportDimension("region", new("地区", "Region")), new ReportDimension("group", new("群体", "Group"))],
                [
                    new ReportMeasure("graduates", new("毕业生人数", "Graduates"), MeasureUnit.Count),
                    new ReportMeasure("placement-rate", new("去向落实率", "Placement rate"), MeasureUnit.Share),
                ],
                [
                    new ReportRow([Henan, All], [ReportValue.Of(1840), ReportValue.Of(0.8712)]),
                    new ReportRow([Henan, Disadvantaged], [ReportValue.Of(276), ReportValue.Of(0.8261)]),
                    new ReportRow([Zhengzhou, All], [ReportValue.Of(1210), ReportValue.Of(0.8843)]),
                    new ReportRow([Zhengzhou, Disadvantaged], [ReportValue.Suppressed, ReportValue.Suppressed]),
                    new ReportRow([Kaifeng, All], [ReportValue.Of(630), ReportValue.Of(0.8460)]),
                    new ReportRow([Kaifeng, Disadvantaged], [ReportValue.Suppressed, ReportValue.Suppressed]),
                ]),
        ],
        [],
        [new LocalText("去向落实率按 2024 版口径计算。", "The placement rate follows the 2024 definition.")]);

    /// <summary>The document in English, as the JSON writer writes it.</summary>
    public static JsonNode Json()
    {
        using var buffer = new MemoryStream();
        // A memory stream completes every write at once.
        new JsonReportWriter().WriteAsync(Document, buffer, ReportLanguage.En).GetAwaiter().GetResult();
        return JsonNode.Parse(buffer.ToArray())!;
    }
}
