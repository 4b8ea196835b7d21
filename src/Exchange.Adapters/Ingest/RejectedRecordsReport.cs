using System.Globalization;
using System.Text;
using Exchange.Adapters.Formats.Csv;

namespace Exchange.Adapters.Ingest;

/// <summary>
/// The one report of rejected records a person reads: a CSV line per problem — where (row, or
/// the record's origin in the source), which column (the CSV header, else the JSON pointer), the
/// record id, the code and the message in English and Chinese — in UTF-8 with a BOM so that
/// spreadsheet programs show the Chinese. The drop folder writes it beside a file
/// (<c>&lt;name&gt;.errors.csv</c>); <c>exchange import</c> writes it as <c>FILE.rejected.csv</c>.
/// Problems carry no resident id (the pipeline scrubs them), so neither does the report.
/// </summary>
public static class RejectedRecordsReport
{
    public const string Header = "row,column,recordId,code,message,messageZh";

    /// <summary>One line per problem of every rejected record, where each is named by its origin in the source.</summary>
    public static IReadOnlyList<string[]> Lines(IngestResult ingest) =>
        [.. ingest.Outcomes.Where(o => o.Status == IngestStatus.Rejected)
            .SelectMany(o => o.Problems.Select(p => new[] { o.Origin, p.Pointer, o.RecordId ?? "", p.Code, p.Message, p.MessageZh }))];

    /// <summary>
    /// The lines of a CSV file: a file problem (row 0), header problems, and every rejected row's
    /// problems by row number and the column that fed the field.
    /// </summary>
    public static IReadOnlyList<string[]> Lines(CsvReadResult read, IngestResult? ingest)
    {
        var lines = new List<string[]>();
        if (read.FileProblem is { } fileProblem)
            lines.Add(["0", "", "", fileProblem.Code, fileProblem.Message, fileProblem.MessageZh]);
        foreach (var header in read.HeaderProblems)
            lines.Add([Number(header.Row), header.Column ?? "", "", header.Problem.Code, header.Problem.Message, header.Problem.MessageZh]);
        if (ingest is null)
            return lines;

        var rowsByOrigin = read.Rows.ToDictionary(r => r.Origin, r => r.Row, StringComparer.Ordinal);
        foreach (var outcome in ingest.Outcomes.Where(o => o.Status == IngestStatus.Rejected))
        {
            var row = rowsByOrigin.TryGetValue(outcome.Origin, out var r) ? Number(r) : outcome.Origin;
            foreach (var problem in outcome.Problems)
                lines.Add([row, read.ColumnFor(problem.Pointer) ?? problem.Pointer, outcome.RecordId ?? "", problem.Code, problem.Message, problem.MessageZh]);
        }
        return lines;
    }

    /// <summary>Writes the report: the header, then the lines, CRLF, UTF-8 with a BOM.</summary>
    public static async Task WriteAsync(string path, IReadOnlyList<string[]> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var text = new StringBuilder().Append(Header).Append("\r\n");
        foreach (var line in lines)
            text.AppendJoin(',', line.Select(Quote)).Append("\r\n");
        await File.WriteAllTextAsync(path, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), cancellationToken);
    }

    private static string Number(int row) => row.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
