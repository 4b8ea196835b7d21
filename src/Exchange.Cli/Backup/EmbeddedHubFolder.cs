using System.CommandLine;
using Exchange.Postgres;
using Exchange.Postgres.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Cli.Backup;

/// <summary>An embedded hub's folders — the server's data folder, and the generated secrets beside it — and starting its server for a backup or a restore.</summary>
internal sealed class EmbeddedHubFolder(string? dataDirectory)
{
    public string DataDirectory { get; } = Path.GetFullPath(dataDirectory ?? new DatabaseOptions().DataDirectory);

    /// <summary>Where the hub generates its secrets when none are configured (see <c>HubParts.AddDatabaseAndSecretsAsync</c>).</summary>
    public string SecretsDirectory => Path.Combine(Path.GetDirectoryName(DataDirectory)!, "secrets");

    public static Option<string?> DataDirectoryOption(string description) => new("--data-directory") { Description = description };

    /// <summary>
    /// Starts the server on the folder, or with <paramref name="joinRunning"/> reaches the one a
    /// running hub started (and leaves it running afterwards).
    /// </summary>
    /// <param name="joinRunning">Reach the server of a hub running on the folder instead of failing.</param>
    /// <param name="database">The database to open; null for the one the hub uses.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public async Task<EmbeddedPostgres> StartAsync(bool joinRunning, string? database, CancellationToken cancellationToken)
    {
        var options = new EmbeddedPostgresOptions { DataDirectory = DataDirectory, JoinRunningServer = joinRunning };
        if (database is not null)
            options.Database = database;
        try
        {
            return await EmbeddedPostgres.StartAsync(options, NullLogger.Instance, cancellationToken);
        }
        catch (Exception e) when (e is EmbeddedPostgresException or PostgresBinariesNotFoundException or IOException or UnauthorizedAccessException)
        {
            throw new BackupProblem(BackupProblem.ServerUnavailable,
                $"The embedded server in {DataDirectory} could not be started: {e.Message}",
                $"无法在 {DataDirectory} 启动内嵌数据库：{e.Message}");
        }
    }

    public static bool IsEmptyOrMissing(string directory) =>
        !Directory.Exists(directory) || !Directory.EnumerateFileSystemEntries(directory).Any();
}
