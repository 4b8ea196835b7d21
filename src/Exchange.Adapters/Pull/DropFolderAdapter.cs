using System.Collections.Concurrent;
using Exchange.Adapters.Formats.Csv;
using Exchange.Adapters.Ingest;
using Microsoft.Extensions.Logging;

namespace Exchange.Adapters.Pull;

/// <summary>
/// Ingests CSV files a source leaves in a folder. A file is taken when a <c>&lt;name&gt;.done</c>
/// marker stands beside it, or when its size and last-write time are the same on two
/// consecutive rounds (so a file still being copied is left alone). Each taken file is read,
/// ingested and moved to <c>processed/</c> (every row accepted, a duplicate, or rejected with
/// reasons) or to <c>failed/</c> (the file itself is unreadable), with
/// <c>&lt;name&gt;.errors.csv</c> beside it when anything was wrong. A file is streamed: its rows
/// go to the pipeline a thousand at a time and its report is written as they are answered.
/// </summary>
/// <remarks>
/// The move is the checkpoint. A crash after the ingest and before the move reads the file
/// again next round; its rows are then duplicates, so nothing is appended twice.
/// </remarks>
public sealed class DropFolderAdapter(
    DropFolderOptions options,
    CsvRecordReader reader,
    IngestPipeline pipeline,
    ILogger logger) : IPullAdapter
{
    /// <inheritdoc />
    public string Name => options.Name;

    /// <summary>The subfolder of files handled.</summary>
    public const string ProcessedFolder = "processed";

    /// <summary>The subfolder of files that could not be read.</summary>
    public const string FailedFolder = "failed";

    /// <summary>The suffix of a marker file that says a file is complete.</summary>
    public const string DoneSuffix = ".done";

    /// <summary>Rows sent to the pipeline per call: a file is streamed, never held whole.</summary>
    private const int Chunk = 1_000;

    private readonly ConcurrentDictionary<string, (long Length, DateTime LastWrite)> _lastLook = new(StringComparer.Ordinal);

    /// <summary>Handles every complete file in the folder.</summary>
    public async Task<PullRound> RunOnceAsync(CancellationToken cancellationToken)
    {
        var tally = new RoundTally(options.Name);
        if (!Directory.Exists(options.Folder))
            return tally.Finish(null, $"The drop folder '{options.Folder}' does not exist.");

        foreach (var path in Directory.EnumerateFiles(options.Folder, options.Pattern).Order(StringComparer.Ordinal).ToList())
        {
            if (path.EndsWith(".errors.csv", StringComparison.OrdinalIgnoreCase) || !IsComplete(path))
                continue;
            var result = await HandleFileAsync(path, cancellationToken);
            if (result is not null)
                tally.Add(result);
        }
        return tally.Finish(null);
    }

    private bool IsComplete(string path)
    {
        if (File.Exists(path + DoneSuffix))
            return true;
        var info = new FileInfo(path);
        var look = (info.Length, info.LastWriteTimeUtc);
        var previous = _lastLook.GetValueOrDefault(path);
        _lastLook[path] = look;
        return previous == look;
    }

    private async Task<IngestCounts?> HandleFileAsync(string path, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024, FileOptions.SequentialScan);
        }
        catch (IOException e)
        {
            // Still locked by the writer, most likely: try again next round.
            logger.DropFileFailed(options.Folder, name, e.GetType().Name);
            return null;
        }

        IngestCounts? counts = null;
        string destination;
        string errorsPath;
        bool reported;
        await using (file)
        {
            using var rows = reader.Open(file, new CsvReadOptions
            {
                Kind = options.Kind,
                Profile = options.Profile,
                Charset = options.Charset,
                Constants = options.Constants,
                MaxBytes = long.MaxValue, // streamed: a file's size costs time, not memory
            });
            destination = rows.FileProblem is null ? ProcessedFolder : FailedFolder;
            var target = Directory.CreateDirectory(Path.Combine(options.Folder, destination)).FullName;
            errorsPath = Path.Combine(target, Path.GetFileNameWithoutExtension(name) + ".errors.csv");

            await using var report = new RejectedRecordsReportWriter(errorsPath);
            await report.WriteAsync(RejectedRecordsReport.FileLines(rows.FileProblem, rows.HeaderProblems), cancellationToken);
            if (rows.FileProblem is not null)
            {
                logger.DropFileFailed(options.Folder, name, rows.FileProblem.Code);
            }
            else
            {
                counts = new IngestCounts();
                foreach (var chunk in rows.ReadRows().Select(r => r.ToIngestRecord()).Chunk(Chunk))
                {
                    var ingest = await pipeline.IngestAsync(new IngestBatch(options.Kind, options.SourceOrganisation, chunk), cancellationToken);
                    counts.Add(ingest);
                    await report.WriteAsync(RejectedRecordsReport.RowLines(ingest, rows.ColumnFor), cancellationToken);
                }
            }
            reported = report.Started;
        }

        if (!reported && File.Exists(errorsPath))
            File.Delete(errorsPath); // a stale report from an earlier file of the same name would mislead

        File.Move(path, Path.Combine(Path.GetDirectoryName(errorsPath)!, name), overwrite: true);
        if (File.Exists(path + DoneSuffix))
            File.Delete(path + DoneSuffix);
        _lastLook.TryRemove(path, out _);
        logger.DropFileMoved(options.Folder, name, destination);
        return counts;
    }
}
