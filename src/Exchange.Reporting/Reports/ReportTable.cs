namespace Exchange.Reporting.Reports;

/// <summary>
/// One table of a report: rows of categories (region, group, …) and values of its measures (count,
/// share, days). Rows come in reading order, each total before its parts.
/// </summary>
/// <param name="Name">A stable name within the report, e.g. <c>by-region</c>.</param>
/// <param name="Title">Its caption.</param>
/// <param name="Dimensions">The classifying columns, left to right.</param>
/// <param name="Measures">The value columns, left to right.</param>
/// <param name="Rows">The rows.</param>
/// <param name="Chart">How to draw it, or null for a table without a chart.</param>
public sealed record ReportTable(
    string Name,
    LocalText Title,
    IReadOnlyList<ReportDimension> Dimensions,
    IReadOnlyList<ReportMeasure> Measures,
    IReadOnlyList<ReportRow> Rows,
    ReportChart? Chart = null);

/// <summary>A classifying column.</summary>
public sealed record ReportDimension(string Name, LocalText Label);

/// <summary>A value column and how its values read.</summary>
public sealed record ReportMeasure(string Name, LocalText Label, MeasureUnit Unit);

/// <summary>How a measure's values read.</summary>
public enum MeasureUnit
{
    /// <summary>A number of people or events.</summary>
    Count,

    /// <summary>A proportion from 0 to 1, shown as a percentage.</summary>
    Share,

    /// <summary>A duration in days.</summary>
    Days,

    /// <summary>A mean score on the 1–5 satisfaction scale.</summary>
    Score,

    /// <summary>A ratio of two rates (1 is parity).</summary>
    Ratio,
}

/// <summary>One row: its category in each dimension, and a value per measure.</summary>
public sealed record ReportRow(IReadOnlyList<ReportCategory> Categories, IReadOnlyList<ReportValue> Values);

/// <summary>A category of a dimension; depth 0 is the dimension's total, 1 its parts, 2 their parts.</summary>
public sealed record ReportCategory(string Code, LocalText Label, int Depth);

/// <summary>What a cell shows.</summary>
public enum ValueStatus
{
    /// <summary>The value is shown.</summary>
    Shown,

    /// <summary>Hidden by disclosure control. Primary and secondary suppressions read alike, because telling them apart tells a reader which counts are small.</summary>
    Suppressed,

    /// <summary>Nothing to show: a rate over nobody, a median of no durations.</summary>
    NotApplicable,
}

/// <summary>One cell's value; null unless shown.</summary>
public readonly record struct ReportValue(double? Value, ValueStatus Status)
{
    public static ReportValue Of(double value) => new(value, ValueStatus.Shown);

    public static readonly ReportValue Suppressed = new(null, ValueStatus.Suppressed);

    public static readonly ReportValue NotApplicable = new(null, ValueStatus.NotApplicable);
}

/// <summary>
/// A bar chart of one measure: a bar group per row whose <paramref name="CategoryDimension"/> is at
/// depth 1 (the parts of its total) and every other dimension at depth 0, except
/// <paramref name="SeriesDimension"/> when given, which takes each of its depth-1 categories as a
/// series (its depth-0 total as one more, "all graduates"). Suppressed values draw no bar.
/// </summary>
public sealed record ReportChart(LocalText Title, string Measure, string CategoryDimension, string? SeriesDimension = null);
