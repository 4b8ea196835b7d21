using System.CommandLine;
using Exchange.Access;
using Exchange.Access.Audit;
using Exchange.Postgres.Embedded;
using Npgsql;

namespace Exchange.Cli.Backup;

/// <summary>
/// <c>exchange restore DIR [--data-directory …] [--force]</c>: checks a backup's manifest, restores
/// its dump into the embedded hub's data folder (new or empty, unless <c>--force</c>), puts back its
/// generated secrets, and verifies the restored audit chain against the manifest's head.
/// </summary>
internal static class RestoreCommand
{
    public const int Restored = 0;

    public static Command Create()
    {
        var source = new Argument<string>("DIR") { Description = "A folder written by exchange backup" };
        var dataDirectory = EmbeddedHubFolder.DataDirectoryOption(
            "The embedded server's data folder to restore into, as the hub's Exchange:Postgres:DataDirectory (default: .data/postgres beside the binaries)");
        var force = new Option<bool>("--force") { Description = "Replace the database and generated secrets of a folder that is not empty (the hub must be stopped)" };
        var command = new Command("restore", "Restore a backup written by exchange backup into the embedded hub's data folder, and verify its audit chain.")
        {
            source, dataDirectory, force,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var hub = new EmbeddedHubFolder(parse.GetValue(dataDirectory));
                var head = await RestoreAsync(Path.GetFullPath(parse.GetValue(source)!), hub, parse.GetValue(force), cancellationToken);
                await parse.InvocationConfiguration.Output.WriteLineAsync($"Restored into {hub.DataDirectory}: the audit chain is intact up to head {head}.");
                return Restored;
            }
            catch (BackupProblem problem)
            {
                await problem.PrintAsync(parse.InvocationConfiguration.Error);
                return BackupProblem.ExitCode;
            }
        });
        return command;
    }

    private static async Task<AuditHead> RestoreAsync(string source, EmbeddedHubFolder hub, bool force, CancellationToken cancellationToken)
    {
        var manifest = await BackupManifest.ReadAsync(source, cancellationToken);
        if (!force)
        {
            foreach (var folder in manifest.Secrets ? [hub.DataDirectory, hub.SecretsDirectory] : new[] { hub.DataDirectory })
            {
                if (!EmbeddedHubFolder.IsEmptyOrMissing(folder))
                    throw new BackupProblem(BackupProblem.TargetNotEmpty,
                        $"'{folder}' is not empty: restore into a new folder, or pass --force to replace what it holds.",
                        $"“{folder}”不是空文件夹：请恢复到新文件夹，或加 --force 替换其中内容。");
            }
        }

        // Not joining: a running hub on the folder makes the start fail, so --force never pulls a database from under it.
        await using (var server = await hub.StartAsync(joinRunning: false, manifest.Database, cancellationToken))
        {
            await RecreateDatabaseAsync(server, manifest.Database, cancellationToken);
            await PostgresClientTool.RunAsync(server.Binaries.PgRestore, server.ConnectionString,
                // Without owners and grants: the roles are the cluster's, not the dump's; the hub's next start gives the objects to its owner role and grants its runtime role.
                ["--format=directory", "--exit-on-error", "--single-transaction", "--no-owner", "--no-acl", "--dbname", manifest.Database, Path.Combine(source, BackupManifest.DumpFolder)],
                cancellationToken);
            await VerifyAuditChainAsync(server.ConnectionString, manifest.ParsedAuditHead, cancellationToken);
        }

        if (manifest.Secrets)
        {
            Directory.CreateDirectory(hub.SecretsDirectory);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(source, BackupManifest.SecretsFolder)))
                File.Copy(file, Path.Combine(hub.SecretsDirectory, Path.GetFileName(file)), overwrite: true);
        }
        return manifest.ParsedAuditHead;
    }

    private static async Task RecreateDatabaseAsync(EmbeddedPostgres server, string database, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor("postgres"));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // DROP/CREATE DATABASE take no parameters: the name is quoted as an identifier.
        var name = "\"" + database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        foreach (var statement in (string[])[$"drop database if exists {name} with (force)", $"create database {name}"])
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    // What verify found, said the same way in both languages' messages.
    private static string Finding(AuditVerification result) =>
        result.IsValid ? $"head {result.Head}" : $"entry {result.FirstBadSequence}: {result.Reason}";

    private static async Task VerifyAuditChainAsync(string connectionString, AuditHead expected, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = AccessSchema.Part.Name };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var result = await AuditVerifier.VerifyAsync(dataSource, expected, cancellationToken);
        if (!result.IsValid || result.Head != expected)
            throw new BackupProblem(BackupProblem.Unverified,
                $"The restored audit chain does not verify against the backup's head {expected}: {Finding(result)}.",
                $"恢复后的审计链与备份记录的链头 {expected} 不符：{Finding(result)}。");
    }
}
