namespace Exchange.Cli.Backup;

/// <summary>Why a backup or a restore did nothing, or stopped: a code to match on, and the reason in English and Chinese.</summary>
internal sealed class BackupProblem(string code, string message, string messageZh) : Exception(message)
{
    public const string TargetNotEmpty = "backup.target-not-empty";
    public const string NoCluster = "backup.no-cluster";
    public const string NoManifest = "backup.no-manifest";
    public const string BadManifest = "backup.bad-manifest";
    public const string DumpMissing = "backup.dump-missing";
    public const string NewerSchema = "backup.newer-schema";
    public const string ToolFailed = "backup.tool-failed";
    public const string Unverified = "backup.unverified";
    public const string ServerUnavailable = "backup.server-unavailable";

    /// <summary>Exit code of a backup or restore that failed or refused.</summary>
    public const int ExitCode = 2;

    public string Code { get; } = code;

    public string MessageZh { get; } = messageZh;

    public async Task PrintAsync(TextWriter error)
    {
        await error.WriteLineAsync($"error [{Code}]: {Message}");
        await error.WriteLineAsync($"错误 [{Code}]：{MessageZh}");
    }
}
