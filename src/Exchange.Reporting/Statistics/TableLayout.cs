using Exchange.Reporting.Disclosure;
using Exchange.Reporting.Reports;

namespace Exchange.Reporting.Statistics;

/// <summary>One value column of a laid-out table.</summary>
internal abstract record Column(string Name, LocalText Label, MeasureUnit Unit)
{
    public ReportMeasure Measure => new(Name, Label, Unit);
}

/// <summary>A count: the protected cell at this row and <paramref name="Node"/> of the column axis.</summary>
internal sealed record CountColumn(string Name, LocalText Label, string Node) : Column(Name, Label, MeasureUnit.Count);

/// <summary>
/// A share of two counts of the row. Shown only when both are published, so it tells nothing a
/// reader could not divide out of the published table.
/// </summary>
internal sealed record ShareColumn(string Name, LocalText Label, string Numerator, string Denominator) : Column(Name, Label, MeasureUnit.Share);

/// <summary>
/// A value that is not a count (a median, a mean score, a ratio), computed by the report for a row.
/// It is given the row's statuses so that it can refuse to show where a count it rests on is hidden.
/// </summary>
internal sealed record ComputedColumn(string Name, LocalText Label, MeasureUnit Unit, Func<RowCells, ReportValue> Value) : Column(Name, Label, Unit);

/// <summary>The protected cells of one row, by column-axis node.</summary>
internal sealed class RowCells(ProtectedTable table, string[] rowCoordinates)
{
    public IReadOnlyList<string> Coordinates => rowCoordinates;

    public bool IsPublished(string node) => table.StatusAt(CellOf(node)) == CellStatus.Published;

    /// <summary>The count when published, else null.</summary>
    public long? Published(string node)
    {
        var cell = CellOf(node);
        return table.StatusAt(cell) == CellStatus.Published ? table.Table.CountAt(cell) : null;
    }

    /// <summary>True when every node of the column axis is published in this row.</summary>
    public bool AllPublished() => table.Table.Dimensions[^1].Codes.All(IsPublished);

    private int CellOf(string node) => TableLayout.CellOf(table, [.. rowCoordinates, node]);
}

/// <summary>Lays a protected table out as rows of categories and columns of measures; the column axis is the table's last.</summary>
internal static class TableLayout
{
    public static ReportTable Layout(ProtectedTable table, IReadOnlyList<Axis> rowAxes, LocalText title, IReadOnlyList<Column> columns, ReportChart? chart = null)
    {
        var rows = new List<ReportRow>();
        foreach (var coordinates in Combinations(rowAxes))
        {
            var cells = new RowCells(table, coordinates);
            rows.Add(new ReportRow(
                [.. rowAxes.Select((axis, i) => axis.Category(coordinates[i]))],
                [.. columns.Select(column => ValueOf(column, cells))]));
        }
        return new ReportTable(table.Table.Name, title, [.. rowAxes.Select(a => a.Heading)], [.. columns.Select(c => c.Measure)], rows, chart);
    }

    public static ReportValue Share(long? numerator, long? denominator, bool bothPublished) =>
        !bothPublished ? ReportValue.Suppressed
        : denominator is null or 0 ? ReportValue.NotApplicable
        : ReportValue.Of((double)numerator!.Value / denominator.Value);

    /// <summary>A count of a protected table at a cell, as a report shows it.</summary>
    public static ReportValue CountAt(ProtectedTable table, params string[] coordinates)
    {
        var cell = CellOf(table, coordinates);
        return table.StatusAt(cell) == CellStatus.Published ? ReportValue.Of(table.Table.CountAt(cell)) : ReportValue.Suppressed;
    }

    /// <summary>A cell by its coordinates along the report's axes; the table's leading scope dimensions have one node each.</summary>
    public static int CellOf(ProtectedTable table, IReadOnlyList<string> coordinates)
    {
        var dimensions = table.Table.Dimensions;
        return table.Table.CellOf([.. dimensions.Take(dimensions.Count - coordinates.Count).Select(d => d.Root), .. coordinates]);
    }

    /// <summary>The share of two cells of protected tables, shown only when both are published.</summary>
    public static ReportValue ShareOf(ReportValue numerator, ReportValue denominator) =>
        Share((long?)numerator.Value, (long?)denominator.Value, numerator.Status == ValueStatus.Shown && denominator.Status == ValueStatus.Shown);

    private static ReportValue ValueOf(Column column, RowCells cells) => column switch
    {
        CountColumn count => cells.Published(count.Node) is { } value ? ReportValue.Of(value) : ReportValue.Suppressed,
        ShareColumn share => Share(cells.Published(share.Numerator), cells.Published(share.Denominator),
            cells.IsPublished(share.Numerator) && cells.IsPublished(share.Denominator)),
        ComputedColumn computed => computed.Value(cells),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, null),
    };

    private static IEnumerable<string[]> Combinations(IReadOnlyList<Axis> axes)
    {
        IEnumerable<string[]> combinations = [[]];
        foreach (var axis in axes)
        {
            var nodes = axis.InReadingOrder().ToList();
            combinations = combinations.SelectMany(prefix => nodes.Select(node => (string[])[.. prefix, node])).ToList();
        }
        return combinations;
    }
}
