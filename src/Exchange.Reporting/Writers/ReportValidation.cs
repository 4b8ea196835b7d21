using Exchange.Reporting.Reports;

namespace Exchange.Reporting.Writers;

/// <summary>
/// Checks that a document can be written whole before a writer writes a byte of it, so that a
/// malformed table ends in an exception rather than in half a file.
/// </summary>
internal static class ReportValidation
{
    public static void Validate(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var tableNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in document.Tables)
        {
            if (string.IsNullOrWhiteSpace(table.Name))
                throw Problem($"A table of report '{document.Name}' has no name.");
            if (!tableNames.Add(table.Name))
                throw Problem($"Report '{document.Name}' has two tables named '{table.Name}'.");
            ValidateTable(table);
        }
    }

    private static void ValidateTable(ReportTable table)
    {
        RequireUnique(table, table.Dimensions.Select(d => d.Name), "dimension");
        RequireUnique(table, table.Measures.Select(m => m.Name), "measure");
        foreach (var measure in table.Measures)
        {
            if (!Enum.IsDefined(measure.Unit))
                throw Problem($"Table '{table.Name}': measure '{measure.Name}' has an unknown unit {(int)measure.Unit}.");
        }

        for (var i = 0; i < table.Rows.Count; i++)
        {
            var row = table.Rows[i];
            var where = $"Table '{table.Name}', row {i + 1}";
            if (row.Categories.Count != table.Dimensions.Count)
                throw Problem($"{where}: {row.Categories.Count} categories for {table.Dimensions.Count} dimensions ({Names(table.Dimensions.Select(d => d.Name))}).");
            if (row.Values.Count != table.Measures.Count)
                throw Problem($"{where} ({Codes(row)}): {row.Values.Count} values for {table.Measures.Count} measures ({Names(table.Measures.Select(m => m.Name))}).");

            for (var d = 0; d < row.Categories.Count; d++)
            {
                if (row.Categories[d].Depth < 0)
                    throw Problem($"{where} ({Codes(row)}): category '{row.Categories[d].Code}' of dimension '{table.Dimensions[d].Name}' has a negative depth.");
            }

            for (var m = 0; m < row.Values.Count; m++)
            {
                var value = row.Values[m];
                var measure = table.Measures[m].Name;
                if (!Enum.IsDefined(value.Status))
                    throw Problem($"{where} ({Codes(row)}): measure '{measure}' has an unknown status {(int)value.Status}.");
                if (value.Status == ValueStatus.Shown && (value.Value is not { } shown || !double.IsFinite(shown)))
                    throw Problem($"{where} ({Codes(row)}): measure '{measure}' is shown but has no finite value.");
                // A hidden cell that still carries its figure would leak it to whoever reads the file.
                if (value.Status != ValueStatus.Shown && value.Value is not null)
                    throw Problem($"{where} ({Codes(row)}): measure '{measure}' is {ReportNumbers.StatusCode(value.Status)} but carries a value.");
            }
        }

        if (table.Chart is { } chart)
            ValidateChart(table, chart);
    }

    private static void ValidateChart(ReportTable table, ReportChart chart)
    {
        if (!table.Measures.Any(m => m.Name == chart.Measure))
            throw Problem($"Table '{table.Name}': its chart draws measure '{chart.Measure}', which the table lacks.");
        if (!table.Dimensions.Any(d => d.Name == chart.CategoryDimension))
            throw Problem($"Table '{table.Name}': its chart's category dimension '{chart.CategoryDimension}' is not a dimension of the table.");
        if (chart.SeriesDimension is { } series)
        {
            if (!table.Dimensions.Any(d => d.Name == series))
                throw Problem($"Table '{table.Name}': its chart's series dimension '{series}' is not a dimension of the table.");
            if (series == chart.CategoryDimension)
                throw Problem($"Table '{table.Name}': its chart uses dimension '{series}' both for categories and for series.");
        }
    }

    private static void RequireUnique(ReportTable table, IEnumerable<string> names, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
                throw Problem($"Table '{table.Name}' has a {what} without a name.");
            if (!seen.Add(name))
                throw Problem($"Table '{table.Name}' has two {what}s named '{name}'.");
        }
    }

    private static string Codes(ReportRow row) => string.Join(", ", row.Categories.Select(c => c.Code));

    private static string Names(IEnumerable<string> names) => string.Join(", ", names);

    private static ArgumentException Problem(string message) => new(message, "document");
}
