using System.Runtime.InteropServices;

namespace Exchange.Postgres.Embedded;

/// <summary>
/// Decides which account runs initdb, pg_ctl and the server. PostgreSQL refuses to run as root,
/// so a hub running as root (as CI and containers do) runs them as the <c>postgres</c> system user.
/// </summary>
internal sealed class ServerAccount
{
    public const string PostgresUser = "postgres";

    private ServerAccount(bool switchToPostgresUser)
    {
        SwitchesToPostgresUser = switchToPostgresUser;
    }

    public static ServerAccount Current { get; } = new(!OperatingSystem.IsWindows() && NativeMethods.geteuid() == 0);

    public bool SwitchesToPostgresUser { get; }

    public Task<ToolResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        if (!SwitchesToPostgresUser)
        {
            return ToolProcess.RunAsync(fileName, arguments, workingDirectory, cancellationToken);
        }

        // runuser (util-linux) switches user without PAM prompts or a password, and exists wherever root does.
        return ToolProcess.RunAsync("runuser", ["-u", PostgresUser, "--", fileName, .. arguments], workingDirectory, cancellationToken);
    }

    /// <summary>Gives a file or folder the hub created to the account that runs the server.</summary>
    public async Task HandOverAsync(string path, CancellationToken cancellationToken)
    {
        if (!SwitchesToPostgresUser)
        {
            return;
        }

        var result = await ToolProcess.RunAsync("chown", [$"{PostgresUser}:", path], "/", cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new EmbeddedPostgresException(
                $"The hub runs as root, so the embedded PostgreSQL runs as the '{PostgresUser}' system user, " +
                $"but '{path}' could not be given to it: {result.Output}. " +
                "Install the PostgreSQL server package (it creates that user), run the hub as a non-root user, " +
                "or set ConnectionStrings:Exchange to use an external server.");
        }
    }

    /// <summary>
    /// Fails clearly when the server account cannot reach the cluster, typically because the data
    /// folder lies under a folder only root may enter such as /root. Loosening the permissions of
    /// someone else's folders behind their back is not ours to do.
    /// </summary>
    public async Task EnsureCanReachAsync(string directory, CancellationToken cancellationToken)
    {
        if (!SwitchesToPostgresUser)
        {
            return;
        }

        var result = await RunAsync("test", ["-r", directory, "-a", "-w", directory, "-a", "-x", directory], "/", cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new EmbeddedPostgresException(
                $"The hub runs as root, so the embedded PostgreSQL runs as the '{PostgresUser}' system user, " +
                $"but that user cannot enter '{directory}': a parent folder does not let it through " +
                "(for example /root is private to root). Put Exchange's data folder where the postgres user can reach it " +
                "(for example /var/lib/exchange), run the hub as a non-root user, " +
                "or set ConnectionStrings:Exchange to use an external server.");
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "geteuid")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern uint geteuid();
    }
}
