using Exchange.Adapters.Formats.Csv;
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
internal sealed record ImportedFile(IngestCounts Result, Problem? Unreadable)
{
    public bool EveryRecordRejected => Result.Total > 0 && Result.Rejected == Result.Total;
}

/// <summary>
/// Imports record files through the hub's one ingest path and reports what became of them. A file
/// is cut into records by the push API's own reader, so a file imports exactly as the same bytes
/// pushed: a JSON array, NDJSON, CSV through a mapping profile, or a FHIR R4 Bundle. A CSV file is
/// streamed through the reader the push API uses for a CSV body, so a file of any size imports in
/// the memory of one chunk.
/// </summary>
internal sealed class SampleImporter(IngestPipeline pipeline, PushRequestReader reader, CsvRecordReader csvReader, IEventLog log, IAnsiConsole console)
{
    /// <summary>Records sent to the pipeline per call; the progress bar moves per chunk.</summary>
    private const int Chunk = 1_000;

    public async Task<ImportedFile> ImportFileAsync(
        FileInfo file, RecordKind kind, ImportFileOptions how, string sourceOrganisation, FileInfo? rejectedReport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(how);
        if (how.Format == ImportFormat.Csv)
            return await ImportCsvAsync(file, kind, how, sourceOrganisation, rejectedReport, cancellationToken);

        var body = reader.Read(kind, sourceOrganisation, how.ContentType, how.Profile, await File.ReadAllBytesAsync(file.FullName, cancellationToken));
        foreach (var warning in body.Warnings)
            PrintWarning(warning.Code, warning.Message, warning.MessageZh);

        // A flaw of a JSON array whose records were still read is a warning above.
        if (body.Records.Count == 0)
        {
            var problem = body.BodyProblem ?? new Problem("", ProblemCodes.InputEmpty, "The file holds no records.", "文件中没有记录。");
            PrintError(file, problem);
            return new ImportedFile(new IngestCounts(), problem);
        }

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
        PrintSummary(file, kind, IngestCounts.Of(all));
        if (rejectedReport is not null && all.Rejected > 0)
        {
            await RejectedRecordsReport.WriteAsync(rejectedReport.FullName, RejectedRecordsReport.Lines(all), cancellationToken);
            console.MarkupLineInterpolated($"rejected records: {rejectedReport.FullName}");
        }
        return new ImportedFile(IngestCounts.Of(all), null);
    }

    // Rows are read, mapped, ingested and reported a chunk at a time: no whole file, no list of every outcome.
    private async Task<ImportedFile> ImportCsvAsync(
        FileInfo file, RecordKind kind, ImportFileOptions how, string sourceOrganisation, FileInfo? rejectedReport, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024, FileOptions.SequentialScan);
        using var rows = csvReader.Open(stream, new CsvReadOptions
        {
            Kind = kind,
            Profile = how.Profile,
            Charset = how.Charset,
            MaxBytes = long.MaxValue, // streamed: a file's size costs time, not memory
        });
        console.MarkupLineInterpolated($"{file.Name}: read as {rows.Encoding ?? "?"} through mapping profile '{rows.Profile ?? "none"}'");
        foreach (var header in rows.HeaderProblems)
            PrintWarning(header.Problem.Code, header.Problem.Message, header.Problem.MessageZh);
        if (rows.FileProblem is { } problem)
        {
            PrintError(file, problem);
            return new ImportedFile(new IngestCounts(), problem);
        }

        var counts = new IngestCounts();
        await using var report = rejectedReport is null ? null : new RejectedRecordsReportWriter(rejectedReport.FullName);
        await console.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask(file.Name, maxValue: 1);
            foreach (var chunk in rows.ReadRows().Select(r => r.ToIngestRecord()).Chunk(Chunk))
            {
                var result = await pipeline.IngestAsync(new IngestBatch(kind, sourceOrganisation, chunk), cancellationToken);
                counts.Add(result);
                if (report is not null && result.Rejected > 0)
                {
                    // Header warnings head the report only when there is a rejection to report.
                    if (!report.Started)
                        await report.WriteAsync(RejectedRecordsReport.FileLines(null, rows.HeaderProblems), cancellationToken);
                    await report.WriteAsync(RejectedRecordsReport.RowLines(result, rows.ColumnFor), cancellationToken);
                }
                task.Value = rows.Progress;
            }
            task.Value = task.MaxValue;
        });

        if (counts.Total == 0)
        {
            var empty = new Problem("", ProblemCodes.InputEmpty, "The file holds no records.", "文件中没有记录。");
            PrintError(file, empty);
            return new ImportedFile(counts, empty);
        }
        PrintSummary(file, kind, counts);
        if (report is { Started: true })
            console.MarkupLineInterpolated($"rejected records: {rejectedReport!.FullName}");
        return new ImportedFile(counts, null);
    }

    private void PrintSummary(FileInfo file, RecordKind kind, IngestCounts counts) =>
        console.MarkupLineInterpolated($"{file.Name} ({kind.Name()}): [green]{counts.Accepted} accepted[/], {counts.Duplicates} duplicate, [red]{counts.Rejected} rejected[/]");

    private void PrintWarning(string code, string message, string messageZh) =>
        console.MarkupLineInterpolated($"[yellow]warning {code}[/] {Scrubbed(message)} {Scrubbed(messageZh)}");

    private void PrintError(FileInfo file, Problem problem) =>
        console.MarkupLineInterpolated($"[red]error {problem.Code}[/] {file.Name}: {Scrubbed(problem.Message)} {Scrubbed(problem.MessageZh)}");

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
