using System.Globalization;
using Exchange.Reporting.Reports;

namespace Exchange.Reporting.Writers;

/// <summary>The writers' own words, in both report languages.</summary>
internal static class ReportText
{
    public static readonly LocalText CsvValues = new(
        "比例写作 0 到 1 之间的小数（保留 4 位）；天数、评分和比值保留 2 位；被隐藏的值留空。状态列为 shown（显示）、suppressed（因披露控制隐藏）或 not-applicable（不适用）。",
        "Shares are decimals from 0 to 1 with 4 places; days, scores and ratios have 2 places; a hidden value is left empty. The status column is shown, suppressed (hidden by disclosure control) or not-applicable.");

    public static readonly LocalText TableColumn = new("表", "table");

    public static string CodeColumn(string label, ReportLanguage language) =>
        language == ReportLanguage.En ? label + " code" : label + "代码";

    public static string StatusColumn(string label, ReportLanguage language) =>
        language == ReportLanguage.En ? label + " status" : label + "状态";

    public static readonly LocalText Colon = new("：", ": ");
    public static readonly LocalText ComputedAt = new("计算时间", "Computed at");
    public static readonly LocalText ReportName = new("报表名称", "Report");
    public static readonly LocalText Attention = new("需要注意", "Needs attention");
    public static readonly LocalText About = new("关于本报表", "About this report");
    public static readonly LocalText Parameters = new("选择条件", "Selection");
    public static readonly LocalText SubjectsCounted = new("统计人数", "Graduates counted");
    public static readonly LocalText SubjectsLeftOut = new("因未获同意未计入", "Left out for want of consent");
    public static readonly LocalText Providers = new("数据提供方及依据", "Providers and legal basis");
    public static readonly LocalText AnyProvider = new("任一提供方", "any provider");
    public static readonly LocalText Agreement = new("协议", "agreement");
    public static readonly LocalText Disclosure = new("披露控制", "Disclosure control");
    public static readonly LocalText Notes = new("说明", "Notes");

    public static readonly LocalText StatutoryDuty = new("法定职责", "statutory duty");
    public static readonly LocalText Consent = new("本人同意", "consent");

    public static string DisclosureSummary(DisclosureSummary disclosure, ReportLanguage language) =>
        language == ReportLanguage.En
            ? string.Create(CultureInfo.InvariantCulture, $"counts from 1 to {disclosure.Threshold - 1} are hidden (threshold {disclosure.Threshold}); {disclosure.SuppressedCells:N0} cells hidden, {disclosure.PublishedCells:N0} shown.")
            : string.Create(CultureInfo.InvariantCulture, $"1 至 {disclosure.Threshold - 1} 的计数不予公布（阈值 {disclosure.Threshold}）；隐藏 {disclosure.SuppressedCells:N0} 个单元格，公布 {disclosure.PublishedCells:N0} 个。");

    public static readonly LocalText SuppressedMarker = new("×", "×");
    public static readonly LocalText SuppressedTitle = new("已隐藏（披露控制）", "suppressed (disclosure control)");
    public static readonly LocalText SuppressedLegend = new(
        "× 表示该值因披露控制而隐藏：人数过少，或可据此推算出人数过少的单元格。",
        "× marks a value suppressed by disclosure control: a count too small to publish, or a figure from which one could be worked out.");

    public static readonly LocalText NotApplicableMarker = new("–", "–");
    public static readonly LocalText NotApplicableTitle = new("不适用", "not applicable");
    public static readonly LocalText NotApplicableLegend = new(
        "– 表示不适用：例如分母为零的比例，或没有任何时长的中位数。",
        "– marks a value that does not apply, such as a rate over nobody or a median of no durations.");

    public static readonly LocalText BarsHidden = new(
        "部分柱条未画出：对应的值已隐藏或不适用，见下表。",
        "Some bars are not drawn: their values are suppressed or do not apply; see the table.");

    public static readonly LocalText ChartDescription = new(
        "柱状图；图中数字与下表相同，以表格为准。",
        "Bar chart; the table below holds the same figures and is the reference.");

    public static readonly LocalText AllSeries = new("全部", "all");

    /// <summary>ISO 8601 with the offset the figures were read at, e.g. <c>2026-06-30T08:00:00+08:00</c>.</summary>
    public static string Timestamp(DateTimeOffset at) =>
        at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
