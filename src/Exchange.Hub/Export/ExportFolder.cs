namespace Exchange.Hub.Export;

/// <summary>
/// Where a job's files live: one folder per job under the configured directory, named by the
/// job's id, so that removing a job's files is removing its folder. A file is written under a
/// temporary name and renamed when whole, so a download never meets half a file.
/// </summary>
internal sealed class ExportFolder(string root)
{
    /// <summary>The NDJSON file name of a kind, or of the deletion notices.</summary>
    public static string FileName(string type) => type + ".ndjson";

    public string Root { get; } = root;

    public string JobFolder(Guid jobId) => Path.Combine(Root, jobId.ToString("N"));

    /// <summary>The path of one of the job's files; null when <paramref name="fileName"/> is not a plain file name.</summary>
    public string? FilePath(Guid jobId, string fileName) =>
        fileName.Length == 0 || fileName != Path.GetFileName(fileName) || fileName.StartsWith('.') ? null : Path.Combine(JobFolder(jobId), fileName);

    /// <summary>Removes the job's files, if any are left.</summary>
    public void Remove(Guid jobId)
    {
        var folder = JobFolder(jobId);
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }
}
