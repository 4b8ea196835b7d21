using System.Text.Json;
using Exchange.Access.Audit;
using Exchange.Hub;

namespace Exchange.Cli.Backup;

/// <summary>
/// What <c>exchange backup</c> writes beside the dump, and <c>exchange restore</c> checks before
/// touching anything: when, from which server, each part's migration version, and the audit
/// chain's head at the dump's snapshot.
/// </summary>
internal sealed record BackupManifest(
    string Format, DateTimeOffset CreatedAt, string ServerVersion, string Database,
    IReadOnlyDictionary<string, int> MigrationVersions, string AuditHead, bool Secrets)
{
    public const string FileName = "manifest.json";
    public const string DumpFolder = "dump";
    public const string SecretsFolder = "secrets";
    public const string CurrentFormat = "exchange-backup/1";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public Task WriteAsync(string directory, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, s_json), cancellationToken);

    /// <summary>Reads and checks the manifest of the backup in <paramref name="directory"/>, and that its dump is there.</summary>
    /// <exception cref="BackupProblem">The folder is no backup, a damaged one, or one from a newer hub.</exception>
    public static async Task<BackupManifest> ReadAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
            throw new BackupProblem(BackupProblem.NoManifest,
                $"'{directory}' is not a backup: it has no {FileName}.",
                $"“{directory}”不是备份：其中没有 {FileName}。");

        BackupManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(path, cancellationToken), s_json);
        }
        catch (JsonException e)
        {
            throw new BackupProblem(BackupProblem.BadManifest,
                $"{path} is damaged: {e.Message}",
                $"{path} 已损坏，无法读取：{e.Message}");
        }
        if (manifest is null || manifest.Format != CurrentFormat || manifest.MigrationVersions is null
            || string.IsNullOrEmpty(manifest.Database) || !Access.Audit.AuditHead.TryParse(manifest.AuditHead, out _))
            throw new BackupProblem(BackupProblem.BadManifest,
                $"{path} is not a manifest of format {CurrentFormat}, or lacks the database, the migration versions or a well-formed audit head.",
                $"{path} 不是 {CurrentFormat} 格式的清单，或缺少数据库名、迁移版本或格式正确的审计链头。");

        // pg_dump writes toc.dat last: without it the dump is missing or was cut short.
        if (!File.Exists(Path.Combine(directory, DumpFolder, "toc.dat")))
            throw new BackupProblem(BackupProblem.DumpMissing,
                $"The dump in '{Path.Combine(directory, DumpFolder)}' is missing or incomplete (no toc.dat).",
                $"“{Path.Combine(directory, DumpFolder)}”中的转储缺失或不完整（没有 toc.dat）。");

        foreach (var (part, version) in manifest.MigrationVersions)
        {
            var known = HubParts.Schemas.FirstOrDefault(s => s.Name == part);
            var newest = known?.Migrations.Count > 0 ? known.Migrations[^1].Version : 0;
            if (known is null || version > newest)
                throw new BackupProblem(BackupProblem.NewerSchema,
                    $"The backup's schema '{part}' is at migration {version}, which this hub does not know (it knows up to {newest}): restore it with the hub version that made it.",
                    $"备份中的模式“{part}”处于迁移版本 {version}，本程序不认识（最多到 {newest}）：请用生成该备份的版本恢复。");
        }
        return manifest;
    }

    [System.Text.Json.Serialization.JsonIgnore]
    public AuditHead ParsedAuditHead => Access.Audit.AuditHead.TryParse(AuditHead, out var head) ? head : throw new InvalidOperationException("The manifest was not checked.");
}
