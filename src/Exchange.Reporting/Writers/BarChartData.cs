using Exchange.Reporting.Reports;

namespace Exchange.Reporting.Writers;

/// <summary>
/// The bars a <see cref="ReportChart"/> asks for, picked from its table by the rule in the chart's
/// documentation: one group per depth-1 category of the category dimension with every other
/// dimension at its total, and, with a series dimension, one series per depth-1 category of it
/// after its depth-0 total.
/// </summary>
internal sealed record BarChartData(
    ReportMeasure Measure,
    IReadOnlyList<ReportCategory> Groups,
    IReadOnlyList<ReportCategory> Series,
    IReadOnlyDictionary<(int Group, int Series), double> Bars,
    int HiddenBars)
{
    /// <summary>The chart's bars, or null when no row of the table fits the rule.</summary>
    public static BarChartData? From(ReportTable table, ReportChart chart)
    {
        var measureIndex = IndexOf(table.Measures.Select(m => m.Name), chart.Measure);
        var categoryIndex = IndexOf(table.Dimensions.Select(d => d.Name), chart.CategoryDimension);
        var seriesIndex = chart.SeriesDimension is { } series ? IndexOf(table.Dimensions.Select(d => d.Name), series) : -1;

        var groups = new List<ReportCategory>();
        var seriesList = new List<ReportCategory>();
        var values = new List<(string Group, string Series, ReportValue Value)>();
        foreach (var row in table.Rows)
        {
            if (!Fits(row, categoryIndex, seriesIndex))
                continue;
            var group = row.Categories[categoryIndex];
            if (!groups.Any(g => g.Code == group.Code))
                groups.Add(group);
            // Without a series dimension there is one series: the measure itself.
            var seriesCategory = seriesIndex >= 0 ? row.Categories[seriesIndex] : null;
            if (seriesCategory is not null && !seriesList.Any(s => s.Code == seriesCategory.Code))
                seriesList.Add(seriesCategory);
            values.Add((group.Code, seriesCategory?.Code ?? string.Empty, row.Values[measureIndex]));
        }

        if (groups.Count == 0)
            return null;

        // The total ("all graduates") leads, whatever order the rows came in.
        seriesList = [.. seriesList.OrderBy(s => s.Depth)];
        var bars = new Dictionary<(int, int), double>();
        var hidden = 0;
        foreach (var (group, seriesCode, value) in values)
        {
            var key = (groups.FindIndex(g => g.Code == group), seriesIndex >= 0 ? seriesList.FindIndex(s => s.Code == seriesCode) : 0);
            if (value is { Status: ValueStatus.Shown, Value: { } shown })
                bars[key] = shown;
            else
                hidden++;
        }

        return new BarChartData(table.Measures[measureIndex], groups, seriesList, bars, hidden);
    }

    private static bool Fits(ReportRow row, int categoryIndex, int seriesIndex)
    {
        for (var d = 0; d < row.Categories.Count; d++)
        {
            var depth = row.Categories[d].Depth;
            var fits = d == categoryIndex ? depth == 1
                : d == seriesIndex ? depth is 0 or 1
                : depth == 0;
            if (!fits)
                return false;
        }
        return true;
    }

    private static int IndexOf(IEnumerable<string> names, string name) =>
        names.Select((n, i) => (n, i)).First(x => x.n == name).i;
}
