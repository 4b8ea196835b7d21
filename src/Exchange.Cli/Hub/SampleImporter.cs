using Exchange.Adapters.Ingest;
using Exchange.Core.Batches;
using Exchange.Core.Model;
using Exchange.Log;
using Spectre.Console;

namespace Exchange.Cli.Hub;

/// <summary>Imports record files through the hub's one ingest path and reports what became of them.</summary>
internal sealed class SampleImporter(IngestPipeline pipeline, IEventLog log, IAnsiConsole console)
{
    /// <summary>Records sent to the pipeline per call; the progress bar moves per chunk.</summary>
    private const int Chunk = 1_000;

    public async Task<IngestResult> ImportFileAsync(FileInfo file, RecordKind kind, string sourceOrganisation, FileInfo? rejectedReport, CancellationToken cancellationToken)
    {
        var split = RecordSplitter.Cut(await File.ReadAllBytesAsync(file.FullName, cancellationToken));
        if (split.BatchProblem is { } problem)
            console.MarkupLineInterpolated($"[red]{problem.Code}[/] {problem.Message}");

        var outcomes = new List<IngestOutcome>(split.Records.Count);
        await console.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask(file.Name, maxValue: Math.Max(1, split.Records.Count));
            for (var start = 0; start < split.Records.Count; start += Chunk)
            {
                var records = split.Records.Skip(start).Take(Chunk)
                    .Select(r => new IngestRecord($"line {r.Line}", r.Utf8)).ToList();
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
            await RejectedRecordsReport.WriteAsync(rejectedReport.FullName, RejectedRecordsReport.Lines(all), cancellationToken);
            console.MarkupLineInterpolated($"rejected records: {rejectedReport.FullName}");
        }
        return all;
    }

    /// <summary>Prints how many messages each topic of the log holds.</summary>
    public async Task PrintTopicCountsAsync(CancellationToken cancellationToken)
    {
        var table = new Table().AddColumn("topic").AddColumn(new TableColumn("messages").RightAligned());
        foreach (var topic in Topics.All)
            table.AddRow(topic, (await log.CountMessagesAsync(topic, cancellationToken)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        console.Write(table);
    }
}
