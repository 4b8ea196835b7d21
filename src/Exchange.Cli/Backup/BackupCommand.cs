using System.CommandLine;
using System.Data;
using Dapper;
using Exchange.Access;
using Exchange.Access.Audit;
using Exchange.Hub;
using Exchange.Postgres.Embedded;
using Npgsql;

namespace Exchange.Cli.Backup;

/// <summary>
/// <c>exchange backup DIR [--data-directory …]</c>: a directory-format dump of the embedded hub's
/// database, its generated secrets and a manifest, all from one snapshot. Works on a stopped hub
/// (the server is started for the dump) and beside a running one (its server is reached).
/// </summary>
internal static class BackupCommand
{
    public const int Written = 0;

    private const string ExportSnapshotSql = "select pg_export_snapshot()";
    private const string ServerVersionSql = "select current_setting('server_version')";
    private const string MigratedSchemasSql = "select table_schema from information_schema.tables where table_name = 'schema_migrations'";

    public static Command Create()
    {
        var target = new Argument<string>("DIR") { Description = "A new or empty folder for the backup" };
        var dataDirectory = EmbeddedHubFolder.DataDirectoryOption(
            "The embedded server's data folder, as the hub's Exchange:Postgres:DataDirectory (default: .data/postgres beside the binaries)");
        var command = new Command("backup", "Write a backup of the embedded hub (database dump, generated secrets, manifest) and print the audit chain's head.")
        {
            target, dataDirectory,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var manifest = await BackupAsync(Path.GetFullPath(parse.GetValue(target)!), new EmbeddedHubFolder(parse.GetValue(dataDirectory)), cancellationToken);
                var output = parse.InvocationConfiguration.Output;
                await output.WriteLineAsync($"Backup written to {Path.GetFullPath(parse.GetValue(target)!)}.");
                await output.WriteLineAsync($"audit head {manifest.AuditHead}");
                await output.WriteLineAsync($"Keep the head outside the hub: `exchange audit verify --anchor {manifest.AuditHead}` proves a restored copy still holds the chain up to it.");
                return Written;
            }
            catch (BackupProblem problem)
            {
                await problem.PrintAsync(parse.InvocationConfiguration.Error);
                return BackupProblem.ExitCode;
            }
        });
        return command;
    }

    private static async Task<BackupManifest> BackupAsync(string target, EmbeddedHubFolder hub, CancellationToken cancellationToken)
    {
        if (!EmbeddedHubFolder.IsEmptyOrMissing(target))
            throw new BackupProblem(BackupProblem.TargetNotEmpty,
                $"'{target}' is not empty: a backup is written into a new or empty folder.",
                $"“{target}”不是空文件夹：备份只写入新的或空的文件夹。");
        // Starting the server on a folder without a cluster would create an empty one, and back up nothing.
        if (!EmbeddedPostgres.HasCluster(hub.DataDirectory))
            throw new BackupProblem(BackupProblem.NoCluster,
                $"{hub.DataDirectory} holds no embedded hub database.",
                $"{hub.DataDirectory} 中没有内嵌数据库。");

        await using var server = await hub.StartAsync(joinRunning: true, database: null, cancellationToken);
        var database = new NpgsqlConnectionStringBuilder(server.ConnectionString).Database!;
        Directory.CreateDirectory(target);

        // The manifest is read in the transaction whose snapshot pg_dump dumps, so its audit head is the dump's.
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var snapshot = await connection.ExecuteScalarAsync<string>(new CommandDefinition(ExportSnapshotSql, transaction: transaction, cancellationToken: cancellationToken));
        var manifest = new BackupManifest(
            BackupManifest.CurrentFormat,
            DateTimeOffset.UtcNow,
            (await connection.ExecuteScalarAsync<string>(new CommandDefinition(ServerVersionSql, transaction: transaction, cancellationToken: cancellationToken)))!,
            database,
            await MigrationVersionsAsync(connection, transaction, cancellationToken),
            (await AuditHeadAsync(connection, transaction, cancellationToken)).ToString(),
            Secrets: Directory.Exists(hub.SecretsDirectory) && Directory.EnumerateFiles(hub.SecretsDirectory).Any());

        await PostgresClientTool.RunAsync(server.Binaries.PgDump, server.ConnectionString,
            ["--format=directory", $"--snapshot={snapshot}", "--file", Path.Combine(target, BackupManifest.DumpFolder), "--dbname", database], cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        if (manifest.Secrets)
        {
            // Without the generated linkage key a restored hub would pseudonymise the same people differently.
            var secrets = Directory.CreateDirectory(Path.Combine(target, BackupManifest.SecretsFolder));
            foreach (var file in Directory.EnumerateFiles(hub.SecretsDirectory))
                File.Copy(file, Path.Combine(secrets.FullName, Path.GetFileName(file)));
        }
        // Written last: a folder without a manifest is no backup, whatever else a failure left in it.
        await manifest.WriteAsync(target, cancellationToken);
        return manifest;
    }

    private static async Task<Dictionary<string, int>> MigrationVersionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var migrated = (await connection.QueryAsync<string>(new CommandDefinition(MigratedSchemasSql, transaction: transaction, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in HubParts.Schemas.Where(p => migrated.Contains(p.Name)))
        {
            // A schema name cannot be a parameter; part names are checked plain identifiers, and without Dapper no SQL text is cached per name.
            await using var command = new NpgsqlCommand($"select coalesce(max(version), 0) from {part.Name}.schema_migrations", connection, transaction);
            versions[part.Name] = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        return versions;
    }

    private static async Task<AuditHead> AuditHeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"select sequence, hash from {AccessSchema.Part.Name}.audit_head", connection, transaction);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
                return new AuditHead(reader.GetInt64(0), reader.GetString(1));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
        }
        throw new BackupProblem(BackupProblem.NoCluster,
            "The embedded database holds no audit log: the hub has never run on it.",
            "内嵌数据库中没有审计日志：该文件夹上从未运行过本系统。");
    }
}
