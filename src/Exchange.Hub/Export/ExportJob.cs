namespace Exchange.Hub.Export;

/// <summary>The states of an export job, as stored.</summary>
internal static class ExportJobStates
{
    public const string Accepted = "accepted";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Expired = "expired";
}

/// <summary>One NDJSON file of a finished job: the kind it holds (or <c>deleted</c>), its file name and its line count.</summary>
internal sealed record ExportFile(string Type, string File, long Count);

/// <summary>One export job as stored in <c>export_job</c>.</summary>
internal sealed record ExportJob(
    Guid JobId,
    string ClientId,
    string Organisation,
    string Role,
    string Purpose,
    IReadOnlyList<string> Types,
    DateTimeOffset? Since,
    string Request,
    string BaseUrl,
    string State,
    DateTimeOffset RequestedAt,
    DateTimeOffset? TransactionTime,
    string? Progress,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<ExportFile> Outputs,
    IReadOnlyList<ExportFile> Deleted,
    string? Failure)
{
    /// <summary>True once the job's files are past their lifetime at <paramref name="now"/>, whether or not the worker has removed them yet.</summary>
    public bool IsExpired(DateTimeOffset now) => State == ExportJobStates.Expired || (State == ExportJobStates.Completed && ExpiresAt <= now);
}
