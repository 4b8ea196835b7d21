using Exchange.Adapters.Ingest;
using Exchange.Core.Batches;
using Exchange.Core.Identifiers;
using Exchange.Core.Model;
using Exchange.Core.Validation;
using Exchange.Hub.Ingest;
using Exchange.Log;
using Spectre.Console;

namespace Exchange.Cli.Hub;

/// <summary>What became of one imported file: the records' outcomes, or the problem that kept the file from being read.</summary>
internal sealed record ImportedFile(IngestResult Result, Problem? Unreadable)
{
    public bool EveryRecordRejected => Result.Outcomes.Count > 0 && Result.Rejected == Result.Outcomes.Count;
}

/// <summary>
/// Imports record files through the hub's one ingest path and reports what became of them. A file
/// is cut into records by the push API's own reader, so a file imports exactly as the same bytes
/// pushed: a JSON array, NDJSON, CSV through a mapping profile, or a FHIR R4 Bundle.
/// </summary>
internal sealed class SampleImporter(IngestPipeline pipeline, PushRequestReader reader, IEventLog log, IAnsiConsole console)
{
    /// <summary>Records sent to the pipeline per call; the progress bar moves per chunk.</summary>
    private const int Chunk = 1_000;

    public async Task<ImportedFile> ImportFileAsync(
        FileInfo file, RecordKind kind, ImportFileOptions how, string sourceOrganisation, FileInfo? rejectedReport, CancellationToken cancellationToken)
    {
        var body = reader.Read(kind, sourceOrganisation, how.ContentType, how.Profile, await File.ReadAllBytesAsync(file.FullName, cancellationToken));
        var csv = body.Csv;
        if (csv is not null)
            console.MarkupLineInterpolated($"{file.Name}: read as {csv.Encoding ?? "?"} through mapping profile '{csv.Profile ?? "none"}'");
        foreach (var warning in body.Warnings)
            console.MarkupLineInterpolated($"[yellow]warning {warning.Code}[/] {Scrubbed(warning.Message)} {Scrubbed(warning.MessageZh)}");

        // A CSV header problem, or a flaw of a JSON array whose records were still read, is a warning above.
        var fileProblem = csv is null ? body.BodyProblem : csv.FileProblem;
        if (body.Records.Count == 0)
        {
            var problem = fileProblem ?? new Problem("", ProblemCodes.InputEmpty, "The file holds no records.", "文件中没有记录。");
            console.MarkupLineInterpolated($"[red]error {problem.Code}[/] {file.Name}: {Scrubbed(problem.Message)} {Scrubbed(problem.MessageZh)}");
            return new ImportedFile(new IngestResult([]), problem);
        }
        if (csv is not null && fileProblem is not null)
            console.MarkupLineInterpolated($"[red]{fileProblem.Code}[/] {Scrubbed(fileProblem.Message)}");

        var outcomes = new List<IngestOutcome>(body.Records.Count);
        await console.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask(file.Name, maxValue: Math.Max(1, body.Records.Count));
            for (var start = 0; start < body.Records.Count; start += Chunk)
            {
                var records = body.Records.Skip(start).Take(Chunk).ToList();
                var result = await pipeline.IngestAsync(new IngestBatch(kind, sourceOrganisation, records), cancellationToken);
                outcomes.AddRange(result.Outcomes.Select(o => o with { Index = o.Index + start }));
                task.Increment(records.Count);
            }
            task.Value = task.MaxValue;
        });

        var all = new IngestResult(outcomes);
        console.MarkupLineInterpolated($"{file.Name} ({kind.Name()}): [green]{all.Accepted} accepted[/], {all.Duplicates} duplicate, [red]{all.Rejected} rejected[/]");
        if (rejectedReport is not null && all.Rejected > 0)
        {
            var lines = csv is null ? RejectedRecordsReport.Lines(all) : RejectedRecordsReport.Lines(csv, all);
            await RejectedRecordsReport.WriteAsync(rejectedReport.FullName, lines, cancellationToken);
            console.MarkupLineInterpolated($"rejected records: {rejectedReport.FullName}");
        }
        return new ImportedFile(all, null);
    }

    /// <summary>Prints how many messages each topic of the log holds.</summary>
    public async Task PrintTopicCountsAsync(CancellationToken cancellationToken)
    {
        var table = new Table().AddColumn("topic").AddColumn(new TableColumn("messages").RightAligned());
        foreach (var topic in Topics.All)
            table.AddRow(topic, (await log.CountMessagesAsync(topic, cancellationToken)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        console.Write(table);
    }

    // A file without a header row puts its first data row, resident ids included, in header warnings.
    private static string Scrubbed(string text) => ResidentIdScrubber.Scrub(text) ?? "";
}
