using Exchange.Adapters.Ingest;
using Exchange.Core.Validation;

namespace Exchange.Adapters.Formats.Csv;

/// <summary>A problem found in a CSV file, with where: the row (the header is row 1) and the column header.</summary>
/// <param name="Row">One-based row number; the header row is 1, rows that span lines count once.</param>
/// <param name="Column">The column's header as written in the file; null for the whole row or file.</param>
/// <param name="Problem">What is wrong; its pointer names the field of the canonical record when there is one.</param>
public sealed record RowProblem(int Row, string? Column, Problem Problem);

/// <summary>One data row mapped to a canonical record.</summary>
/// <param name="Row">One-based row number (the header is row 1).</param>
/// <param name="Utf8Json">The canonical record as UTF-8 JSON; fields that could not be converted are left out.</param>
/// <param name="Problems">Conversion problems of this row; the row is rejected when there are any.</param>
public sealed record CsvRow(int Row, byte[] Utf8Json, IReadOnlyList<Problem> Problems)
{
    /// <summary>The origin label used in outcomes and error reports, e.g. <c>row 12</c>.</summary>
    public string Origin => FormattableString.Invariant($"row {Row}");

    /// <summary>The row as an ingest record, with its conversion problems as mapping problems.</summary>
    public IngestRecord ToIngestRecord() => new(Origin, Utf8Json) { MappingProblems = Problems };
}

/// <summary>What the reader made of a CSV file.</summary>
public sealed record CsvReadResult
{
    /// <summary>The encoding the file was read with, e.g. <c>utf-8</c> or <c>gb18030</c>; null when unreadable.</summary>
    public string? Encoding { get; init; }

    /// <summary>The profile that mapped the headers; null when none could.</summary>
    public string? Profile { get; init; }

    /// <summary>A problem that makes the whole file unreadable (encoding, size, no header); null otherwise.</summary>
    public Problem? FileProblem { get; init; }

    /// <summary>Problems with the header row (unknown or repeated headers): reported, the rows are still read.</summary>
    public IReadOnlyList<RowProblem> HeaderProblems { get; init; } = [];

    /// <summary>The headers of columns the profile does not know, in file order: their values are not imported.</summary>
    public IReadOnlyList<string> UnknownHeaders =>
        [.. HeaderProblems.Where(p => p.Problem.Code == CsvProblemCodes.UnknownHeader && p.Column is not null).Select(p => p.Column!)];

    /// <summary>The data rows, in file order.</summary>
    public IReadOnlyList<CsvRow> Rows { get; init; } = [];

    /// <summary>Header of the column that fills each canonical JSON pointer, to name the column of a validation problem.</summary>
    public IReadOnlyDictionary<string, string> ColumnsByPointer { get; init; } = new Dictionary<string, string>();

    /// <summary>The rows as ingest records, with their conversion problems as mapping problems.</summary>
    public IReadOnlyList<IngestRecord> ToIngestRecords() =>
        [.. Rows.Select(r => r.ToIngestRecord())];

    /// <summary>The column a problem's pointer falls in, if a column fills that field.</summary>
    public string? ColumnFor(string pointer) => CsvColumns.For(ColumnsByPointer, pointer);
}

/// <summary>Finds the CSV column behind a problem's JSON pointer.</summary>
public static class CsvColumns
{
    /// <summary>The column that fills the pointer's field or the nearest field above it; null when no column does.</summary>
    public static string? For(IReadOnlyDictionary<string, string> columnsByPointer, string pointer)
    {
        ArgumentNullException.ThrowIfNull(columnsByPointer);
        ArgumentNullException.ThrowIfNull(pointer);
        for (var p = pointer; p.Length > 0; p = p[..Math.Max(0, p.LastIndexOf('/'))])
        {
            if (columnsByPointer.TryGetValue(p, out var column))
                return column;
        }
        return null;
    }
}
