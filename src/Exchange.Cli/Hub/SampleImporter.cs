using System.Globalization;
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
/// streamed through the reader the push API uses for a CSV body, and an NDJSON file line by line
/// (<see cref="NdjsonStream"/>), so either imports in the memory of one chunk whatever its size;
/// a JSON array or a FHIR Bundle is read whole.
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

        await using var stream = OpenSequential(file);
        if (how.Format is ImportFormat.Json or ImportFormat.NdJson && await NdjsonStream.OpenAsync(stream, how.Charset, cancellationToken) is { } lines)
            return await ImportNdjsonAsync(file, kind, lines, stream.Length, sourceOrganisation, rejectedReport, cancellationToken);

        // A JSON array, a FHIR Bundle, or a file only the whole-file cut can answer as a push would.
        if (stream.Length > Array.MaxLength)
        {
            var tooLarge = new Problem("", ProblemCodes.InputTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"The file is {stream.Length} bytes, more than a file read whole may have ({Array.MaxLength}). Write its records as NDJSON, one record per line, which is read as it goes."),
                string.Create(CultureInfo.InvariantCulture, $"文件大小为 {stream.Length} 字节，超过整体读取的上限（{Array.MaxLength} 字节）。请改为 NDJSON 格式（每行一条记录），可逐行读取。"));
            PrintError(file, tooLarge);
            return new ImportedFile(new IngestCounts(), tooLarge);
        }
        var bytes = new byte[stream.Length];
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        var body = reader.Read(kind, sourceOrganisation, how.ContentType, how.Profile, bytes);
        foreach (var warning in body.Warnings)
            PrintWarning(warning.Code, warning.Message, warning.MessageZh);

        // A flaw of a JSON array whose records were still read is a warning above.
        if (body.Records.Count == 0)
        {
            var problem = body.BodyProblem ?? new Problem("", ProblemCodes.InputEmpty, "The file holds no records.", "文件中没有记录。");
            PrintError(file, problem);
            return new ImportedFile(new IngestCounts(), problem);
        }

        var counts = await IngestInChunksAsync(file, kind, sourceOrganisation, body.Records.Chunk(Chunk).ToAsyncEnumerable(),
            sent => (double)sent.Total / body.Records.Count, rejectedReport, (result, _) => RejectedRecordsReport.Lines(result), cancellationToken);
        return Imported(file, kind, counts, rejectedReport);
    }

    // Lines are cut, ingested and reported a chunk at a time: no whole file, no list of every outcome.
    private async Task<ImportedFile> ImportNdjsonAsync(
        FileInfo file, RecordKind kind, NdjsonStream lines, long length, string sourceOrganisation, FileInfo? rejectedReport, CancellationToken cancellationToken)
    {
        var counts = await IngestInChunksAsync(file, kind, sourceOrganisation,
            lines.ReadChunksAsync(Chunk, cancellationToken).Select(IReadOnlyList<IngestRecord> (chunk) => [.. chunk.Select(PushRequestReader.ToIngestRecord)]),
            _ => length == 0 ? 1 : (double)lines.BytesRead / length, rejectedReport, (result, _) => RejectedRecordsReport.Lines(result), cancellationToken);
        if (PushWarning.UnreadableRecords(lines.UnreadableRecords) is { } unreadable)
            PrintWarning(unreadable.Code, unreadable.Message, unreadable.MessageZh);
        return Imported(file, kind, counts, rejectedReport);
    }

    // Rows are read, mapped, ingested and reported a chunk at a time: no whole file, no list of every outcome.
    private async Task<ImportedFile> ImportCsvAsync(
        FileInfo file, RecordKind kind, ImportFileOptions how, string sourceOrganisation, FileInfo? rejectedReport, CancellationToken cancellationToken)
    {
        await using var stream = OpenSequential(file);
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

        // Header warnings head the report only when there is a rejection to report.
        var counts = await IngestInChunksAsync(file, kind, sourceOrganisation,
            rows.ReadRows().Select(r => r.ToIngestRecord()).Chunk(Chunk).ToAsyncEnumerable(), _ => rows.Progress, rejectedReport,
            (result, started) => (started ? [] : RejectedRecordsReport.FileLines(null, rows.HeaderProblems)).Concat(RejectedRecordsReport.RowLines(result, rows.ColumnFor)),
            cancellationToken);
        return Imported(file, kind, counts, rejectedReport);
    }

    /// <summary>
    /// Sends each chunk to the pipeline as it comes, counting outcomes and writing the rejected
    /// records' lines to the report as they come (<paramref name="reportLines"/> is told whether the report
    /// has lines already); the progress bar follows <paramref name="progress"/> (0 to 1) of the counts so far.
    /// </summary>
    private async Task<IngestCounts> IngestInChunksAsync(FileInfo file, RecordKind kind, string sourceOrganisation,
        IAsyncEnumerable<IReadOnlyList<IngestRecord>> chunks, Func<IngestCounts, double> progress, FileInfo? rejectedReport,
        Func<IngestResult, bool, IEnumerable<string[]>> reportLines, CancellationToken cancellationToken)
    {
        var counts = new IngestCounts();
        await using var report = rejectedReport is null ? null : new RejectedRecordsReportWriter(rejectedReport.FullName);
        await console.Progress().StartAsync(async context =>
        {
            var task = context.AddTask(file.Name, maxValue: 1);
            await foreach (var chunk in chunks.WithCancellation(cancellationToken))
            {
                var result = await pipeline.IngestAsync(new IngestBatch(kind, sourceOrganisation, chunk), cancellationToken);
                counts.Add(result);
                if (report is not null && result.Rejected > 0)
                    await report.WriteAsync(reportLines(result, report.Started), cancellationToken);
                task.Value = progress(counts);
            }
            task.Value = task.MaxValue;
        });
        return counts;
    }

    private ImportedFile Imported(FileInfo file, RecordKind kind, IngestCounts counts, FileInfo? rejectedReport)
    {
        if (counts.Total == 0)
        {
            var empty = new Problem("", ProblemCodes.InputEmpty, "The file holds no records.", "文件中没有记录。");
            PrintError(file, empty);
            return new ImportedFile(counts, empty);
        }
        PrintSummary(file, kind, counts);
        if (rejectedReport is not null && counts.Rejected > 0)
            console.MarkupLineInterpolated($"rejected records: {rejectedReport.FullName}");
        return new ImportedFile(counts, null);
    }

    private static FileStream OpenSequential(FileInfo file) =>
        new(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024, FileOptions.SequentialScan);

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
            table.AddRow(topic, (await log.CountMessagesAsync(topic, cancellationToken)).ToString(CultureInfo.InvariantCulture));
        console.Write(table);
    }

    // A file without a header row puts its first data row, resident ids included, in header warnings.
    private static string Scrubbed(string text) => ResidentIdScrubber.Scrub(text) ?? "";
}
