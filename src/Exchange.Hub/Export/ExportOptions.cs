using System.ComponentModel.DataAnnotations;

namespace Exchange.Hub.Export;

/// <summary>Bulk export (<c>POST /v1/$export</c>): where its files go, how long they live, and how much one client may ask for at once.</summary>
public sealed class ExportOptions
{
    public const string Section = "Exchange:Export";

    /// <summary>
    /// The folder export files are written to, one sub-folder per job; empty: <c>exports</c> beside
    /// the database's data folder (<c>Exchange:Postgres:DataDirectory</c>). Holds released personal
    /// data: keep it on an encrypted volume that only the hub's account can read.
    /// </summary>
    public string Directory { get; set; } = "";

    /// <summary>How long a finished job's files stay downloadable, 1 minute to 30 days; after it the status and file addresses answer 410 Gone and the files are deleted.</summary>
    public TimeSpan FileLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Jobs one client may have accepted or running at once; one more is answered 429 with Retry-After.</summary>
    [Range(1, 100)]
    public int MaxActiveJobsPerClient { get; set; } = 2;

    /// <summary>Subjects (or vacancies) read, released and written per page: what an export holds in memory at a time, and one audit write.</summary>
    [Range(1, 10_000)]
    public int PageSize { get; set; } = 500;

    /// <summary>How often the worker looks for accepted jobs and expired files, 100 ms to 10 minutes; also the Retry-After a poll is answered with.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a running job is held by the worker that claimed it without a sign of progress, 10 seconds to a day and longer than the poll interval; past it another instance's worker starts the job again.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The folder files go to: <see cref="Directory"/>, or <c>exports</c> beside the database's data folder.</summary>
    public string ResolveDirectory(string databaseDataDirectory) =>
        Path.GetFullPath(Directory.Length > 0 ? Directory : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databaseDataDirectory))!, "exports"));

    /// <summary>One message per problem, naming its setting: the durations' bounds, the lease must outlast a poll, and the folder must be one the hub can create and write.</summary>
    public IEnumerable<string> Problems(string databaseDataDirectory)
    {
        foreach (var (name, value, least, most) in new[]
        {
            (nameof(FileLifetime), FileLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromDays(30)),
            (nameof(PollInterval), PollInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)),
            (nameof(Lease), Lease, TimeSpan.FromSeconds(10), TimeSpan.FromDays(1)),
        })
        {
            if (value < least || value > most)
                yield return $"{Section}:{name} ({value}) must be between {least} and {most}.";
        }
        if (Lease <= PollInterval)
            yield return $"{Section}:Lease ({Lease}) must be longer than {Section}:PollInterval ({PollInterval}), or a running job would be taken over while it runs.";
        string? problem = null;
        var folder = ResolveDirectory(databaseDataDirectory);
        try
        {
            System.IO.Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, ".write-check");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            problem = e.Message;
        }
        if (problem is not null)
            yield return $"{Section}:Directory '{folder}' cannot be written: {problem}";
    }
}
