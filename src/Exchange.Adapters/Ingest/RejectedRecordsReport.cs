using System.Globalization;
using System.Text;
using Exchange.Adapters.Formats.Csv;
using Exchange.Core.Csv;
using Exchange.Core.Validation;

namespace Exchange.Adapters.Ingest;

/// <summary>
/// The one report of rejected records a person reads: a CSV line per problem — where (row, or
/// the record's origin in the source), which column (the CSV header, else the JSON pointer), the
/// record id, the code and the message in English and Chinese — in UTF-8 with a BOM so that
/// spreadsheet programs show the Chinese, and no field run as a formula. The drop folder writes it beside a file
/// (<c>&lt;name&gt;.errors.csv</c>); <c>exchange import</c> writes it as <c>FILE.rejected.csv</c>.
/// Problems carry no resident id (the pipeline scrubs them), so neither does the report.
/// </summary>
public static class RejectedRecordsReport
{
    public const string Header = "row,column,recordId,code,message,messageZh";

    private const string RowOrigin = "row ";

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
        ArgumentNullException.ThrowIfNull(read);
        var lines = FileLines(read.FileProblem, read.HeaderProblems).ToList();
        if (ingest is not null)
            lines.AddRange(RowLines(ingest, read.ColumnFor));
        return lines;
    }

    /// <summary>What is wrong with a CSV file as a whole: its file problem (row 0), then its header problems.</summary>
    public static IEnumerable<string[]> FileLines(Problem? fileProblem, IReadOnlyList<RowProblem> headerProblems)
    {
        ArgumentNullException.ThrowIfNull(headerProblems);
        if (fileProblem is not null)
            yield return ["0", "", "", fileProblem.Code, fileProblem.Message, fileProblem.MessageZh];
        foreach (var header in headerProblems)
            yield return [Number(header.Row), header.Column ?? "", "", header.Problem.Code, header.Problem.Message, header.Problem.MessageZh];
    }

    /// <summary>The problems of the rejected CSV rows of one ingest, by row number and the column that fed the field.</summary>
    public static IEnumerable<string[]> RowLines(IngestResult ingest, Func<string, string?> columnFor)
    {
        ArgumentNullException.ThrowIfNull(ingest);
        ArgumentNullException.ThrowIfNull(columnFor);
        foreach (var outcome in ingest.Outcomes.Where(o => o.Status == IngestStatus.Rejected))
        {
            // A CSV row's origin is "row N": the report's row column is N.
            var row = outcome.Origin.StartsWith(RowOrigin, StringComparison.Ordinal) ? outcome.Origin[RowOrigin.Length..] : outcome.Origin;
            foreach (var problem in outcome.Problems)
                yield return [row, columnFor(problem.Pointer) ?? problem.Pointer, outcome.RecordId ?? "", problem.Code, problem.Message, problem.MessageZh];
        }
    }

    /// <summary>Writes the report: the header, then the lines, CRLF, UTF-8 with a BOM.</summary>
    public static async Task WriteAsync(string path, IReadOnlyList<string[]> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var text = new StringBuilder().Append(Header).Append("\r\n");
        foreach (var line in lines)
            text.Append(Line(line)).Append("\r\n");
        await File.WriteAllTextAsync(path, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), cancellationToken);
    }

    // Record ids, column names and messages come from the file: none may run as a formula where the report is opened.
    internal static string Line(string[] fields) => string.Join(',', fields.Select(CsvCells.Text));

    private static string Number(int row) => row.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Writes a <see cref="RejectedRecordsReport"/> line by line as the rejections come, so a report
/// of a file of any size is never held whole. The file is created with the first lines written.
/// </summary>
public sealed class RejectedRecordsReportWriter(string path) : IAsyncDisposable
{
    private StreamWriter? _writer;

    /// <summary>Whether any line has been written (and so the file exists).</summary>
    public bool Started => _writer is not null;

    /// <summary>Appends lines; the first call creates the file with its header.</summary>
    public async Task WriteAsync(IEnumerable<string[]> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            if (_writer is null)
            {
                _writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)) { NewLine = "\r\n" };
                await _writer.WriteLineAsync(RejectedRecordsReport.Header.AsMemory(), cancellationToken);
            }
            await _writer.WriteLineAsync(RejectedRecordsReport.Line(line).AsMemory(), cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
            await _writer.DisposeAsync();
    }
}
