using System.Globalization;
using System.Text;
using Exchange.Adapters.Formats.Csv;
using Exchange.Adapters.Ingest;

namespace Exchange.Adapters.Pull;

/// <summary>
/// Writes <c>&lt;name&gt;.errors.csv</c>: one line per problem — row, column, code, message,
/// messageZh — in UTF-8 with a BOM so that spreadsheet programs show the Chinese correctly.
/// </summary>
internal static class ErrorReport
{
    public const string Header = "row,column,code,message,messageZh";

    public static IReadOnlyList<string[]> Lines(CsvReadResult read, IngestResult? ingest)
    {
        var lines = new List<string[]>();
        if (read.FileProblem is { } fileProblem)
            lines.Add(["0", "", fileProblem.Code, fileProblem.Message, fileProblem.MessageZh]);
        foreach (var header in read.HeaderProblems)
            lines.Add([Number(header.Row), header.Column ?? "", header.Problem.Code, header.Problem.Message, header.Problem.MessageZh]);
        if (ingest is null)
            return lines;

        var rowsByOrigin = read.Rows.ToDictionary(r => r.Origin, r => r.Row, StringComparer.Ordinal);
        foreach (var outcome in ingest.Outcomes.Where(o => o.Status == IngestStatus.Rejected))
        {
            var row = rowsByOrigin.TryGetValue(outcome.Origin, out var r) ? Number(r) : outcome.Origin;
            foreach (var problem in outcome.Problems)
                lines.Add([row, read.ColumnFor(problem.Pointer) ?? problem.Pointer, problem.Code, problem.Message, problem.MessageZh]);
        }
        return lines;
    }

    public static async Task WriteAsync(string path, IReadOnlyList<string[]> lines, CancellationToken cancellationToken)
    {
        var text = new StringBuilder().Append(Header).Append("\r\n");
        foreach (var line in lines)
            text.AppendJoin(',', line.Select(Quote)).Append("\r\n");
        await File.WriteAllTextAsync(path, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), cancellationToken);
    }

    private static string Number(int row) => row.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
