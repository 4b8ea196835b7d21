using Microsoft.Extensions.Logging;

namespace Exchange.Postgres.Embedded;

/// <summary>Creates the cluster on first start and checks, on every later start, that it still fits.</summary>
internal static class ClusterInitializer
{
    /// <returns>The superuser password.</returns>
    public static async Task<string> PrepareAsync(
        ClusterLayout layout, PostgresBinaries binaries, ServerAccount account, ILogger logger, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(layout.DataDirectory);
        var majorVersion = await binaries.GetMajorVersionAsync(cancellationToken);
        logger.UsingBinaries(majorVersion, binaries.BinDirectory);

        if (layout.HasCluster)
        {
            await CheckExistingAsync(layout, binaries, majorVersion, account, cancellationToken);
            return await SuperuserPassword.ReadAsync(layout.PasswordFile, cancellationToken);
        }

        return await InitialiseAsync(layout, binaries, account, logger, cancellationToken);
    }

    private static async Task CheckExistingAsync(
        ClusterLayout layout, PostgresBinaries binaries, string majorVersion, ServerAccount account, CancellationToken cancellationToken)
    {
        var clusterVersion = (await File.ReadAllTextAsync(layout.VersionFile, cancellationToken)).Trim();
        if (!string.Equals(clusterVersion, majorVersion, StringComparison.Ordinal))
        {
            // Data files are not compatible across major versions; starting would fail with a cryptic message.
            throw new EmbeddedPostgresException(
                $"The database cluster in '{layout.ClusterDirectory}' was created by PostgreSQL {clusterVersion}, " +
                $"but the binaries in '{binaries.BinDirectory}' are PostgreSQL {majorVersion}. " +
                $"Point Exchange:Postgres:BinDirectory at PostgreSQL {clusterVersion}'s bin folder, " +
                "or upgrade the cluster with pg_upgrade (or dump and restore it), then start again.");
        }

        if (!File.Exists(layout.PasswordFile))
        {
            throw new EmbeddedPostgresException(
                $"The database cluster in '{layout.ClusterDirectory}' exists but its superuser password file " +
                $"'{layout.PasswordFile}' is missing, so the hub cannot sign in. Restore that file, " +
                "or move the cluster folder away to let the hub create a new, empty one.");
        }

        await account.EnsureCanReachAsync(layout.ClusterDirectory, cancellationToken);
    }

    private static async Task<string> InitialiseAsync(
        ClusterLayout layout, PostgresBinaries binaries, ServerAccount account, ILogger logger, CancellationToken cancellationToken)
    {
        var cluster = layout.ClusterDirectory;
        if (Directory.Exists(cluster) && Directory.EnumerateFileSystemEntries(cluster).Any())
        {
            // Never delete what might be someone's data; an interrupted initdb is rare and easy to clear by hand.
            throw new EmbeddedPostgresException(
                $"'{cluster}' is not empty but holds no PostgreSQL cluster (no PG_VERSION), perhaps from an interrupted " +
                "first start. Remove or empty that folder and start again.");
        }

        logger.InitialisingCluster(cluster);
        Directory.CreateDirectory(cluster);
        await account.HandOverAsync(cluster, cancellationToken);
        await account.EnsureCanReachAsync(cluster, cancellationToken);

        var password = File.Exists(layout.PasswordFile)
            ? await SuperuserPassword.ReadAsync(layout.PasswordFile, cancellationToken)
            : await SuperuserPassword.CreateAsync(layout.PasswordFile, cancellationToken);

        // initdb reads the password from a file; when it runs as postgres it cannot read the hub's
        // owner-only copy, so it gets its own short-lived copy.
        var pwFile = Path.Combine(layout.DataDirectory, $"initdb-{Guid.NewGuid():N}.pw");
        try
        {
            await SuperuserPassword.WriteOwnerOnlyAsync(pwFile, password, cancellationToken);
            await account.HandOverAsync(pwFile, cancellationToken);
            var result = await account.RunAsync(
                binaries.InitDb,
                [
                    "-D", cluster,
                    "-U", EmbeddedPostgres.SuperuserName,
                    $"--pwfile={pwFile}",
                    "--auth-host=scram-sha-256",
                    "--auth-local=scram-sha-256",
                    "--encoding=UTF8",
                    "--locale=C",
                ],
                layout.DataDirectory,
                cancellationToken);
            if (result.ExitCode != 0)
            {
                throw new EmbeddedPostgresException(
                    $"initdb failed to create a cluster in '{cluster}' (exit code {result.ExitCode}):{Environment.NewLine}{result.Output}");
            }
        }
        finally
        {
            File.Delete(pwFile);
        }

        return password;
    }
}
