using System.Text;
using Exchange.Adapters.Ingest;

namespace Exchange.Cli.Hub;

/// <summary>Writes rejected records as CSV: one line per problem, with where it was and what is wrong, in English and Chinese.</summary>
internal static class RejectedReport
{
    public static async Task WriteAsync(FileInfo file, IngestResult result, CancellationToken cancellationToken)
    {
        var csv = new StringBuilder("index,origin,recordId,pointer,code,message,messageZh\n");
        foreach (var outcome in result.Outcomes.Where(o => o.Status == IngestStatus.Rejected))
        {
            foreach (var problem in outcome.Problems)
            {
                csv.AppendJoin(',', [
                    outcome.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), Quote(outcome.Origin), Quote(outcome.RecordId),
                    Quote(problem.Pointer), Quote(problem.Code), Quote(problem.Message), Quote(problem.MessageZh)]).Append('\n');
            }
        }
        await File.WriteAllTextAsync(file.FullName, csv.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), cancellationToken);
    }

    private static string Quote(string? value) => $"\"{(value ?? "").Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
