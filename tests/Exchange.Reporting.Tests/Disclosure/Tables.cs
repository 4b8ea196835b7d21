using Exchange.Reporting.Disclosure;

namespace Exchange.Reporting.Tests.Disclosure;

/// <summary>Builders for the tables the tests protect.</summary>
internal static class Tables
{
    public static Dimension Flat(string name, DimensionRole role, params string[] categories) =>
        Dimension.Flat(name, role, "all", categories, rootIsUnrestricted: true);

    /// <summary>A two-dimensional table from its inner cells, row by row; totals are summed.</summary>
    public static CountTable Grid(string name, Dimension rows, Dimension columns, long[,] inner)
    {
        var rowLeaves = rows.Codes.Where(rows.IsLeaf).ToArray();
        var columnLeaves = columns.Codes.Where(columns.IsLeaf).ToArray();
        var leaves = new List<(IReadOnlyList<string>, long)>();
        for (var r = 0; r < rowLeaves.Length; r++)
        {
            for (var c = 0; c < columnLeaves.Length; c++)
                leaves.Add(([rowLeaves[r], columnLeaves[c]], inner[r, c]));
        }
        return CountTable.FromLeafCounts(name, [rows, columns], leaves);
    }

    /// <summary>The cells of a table as (coordinates, count), totals included, to rebuild it with FromCells.</summary>
    public static IEnumerable<(IReadOnlyList<string> Cell, long Count)> CellsOf(CountTable table) =>
        Enumerable.Range(0, table.CellCount).Select(cell => (table.CoordinatesOf(cell), table.CountAt(cell)));

    /// <summary>Only the primary cells suppressed: what a publication without secondary suppression looks like.</summary>
    public static ProtectedTable PrimaryOnly(CountTable table, ProtectedTable protectedTable)
    {
        var statuses = Enumerable.Range(0, table.CellCount)
            .Select(cell => protectedTable.StatusAt(cell) == CellStatus.Primary ? CellStatus.Primary : CellStatus.Published).ToArray();
        return new ProtectedTable(table, statuses,
            [.. Enumerable.Range(0, table.CellCount).Select(protectedTable.ReasonsAt)],
            [.. Enumerable.Range(0, table.CellCount).Select(protectedTable.RequiredAt)]);
    }

    /// <summary>A two-dimensional table as text: counts, with p for primary and s for secondary cells.</summary>
    public static string Render(ProtectedTable protectedTable)
    {
        var table = protectedTable.Table;
        var (rows, columns) = (table.Dimensions[0], table.Dimensions[1]);
        var lines = new List<string> { string.Concat(columns.Codes.Select(c => $"{c,9}")).PadLeft(9 * columns.NodeCount + 8) };
        foreach (var row in rows.Codes)
        {
            lines.Add($"{row,8}" + string.Concat(columns.Codes.Select(column =>
            {
                var cell = table.CellOf([row, column]);
                var mark = protectedTable.StatusAt(cell) switch { CellStatus.Primary => "p", CellStatus.Secondary => "s", _ => " " };
                return $"{table.CountAt(cell),8}{mark}";
            })));
        }
        return string.Join(Environment.NewLine, lines);
    }

    public static string Describe(ProtectionResult result) =>
        $"{result.Statistics.Figures} figures, {result.Statistics.Primary} primary, {result.Statistics.Secondary} secondary, "
        + $"{result.Statistics.LinearPrograms} cell-selection LPs, {result.Audit.Cells.Count} cells audited, "
        + $"{result.Statistics.Selecting.TotalMilliseconds:F0} ms selecting, {result.Statistics.Auditing.TotalMilliseconds:F0} ms auditing";
}
