using System.Diagnostics;
using System.Text;
using Npgsql;

namespace Exchange.Cli.Backup;

/// <summary>
/// Runs pg_dump or pg_restore of the embedded server's installation against it over TCP as its
/// superuser. They are clients, so unlike the server they run as the invoking user, root included.
/// </summary>
internal static class PostgresClientTool
{
    public static async Task RunAsync(string tool, string connectionString, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["--host", connection.Host!, "--port", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--username", connection.Username!, "--no-password", .. arguments])
            start.ArgumentList.Add(argument);
        // The password through the environment: an argument would show in the process list.
        start.Environment["PGPASSWORD"] = connection.Password;
        start.Environment["LC_MESSAGES"] = "C";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
        {
            var said = new StringBuilder().Append(await error).Append(await output).ToString().Trim();
            throw new BackupProblem(BackupProblem.ToolFailed,
                $"{Path.GetFileName(tool)} failed (exit code {process.ExitCode}): {said}",
                $"{Path.GetFileName(tool)} 执行失败（退出码 {process.ExitCode}）：{said}");
        }
    }
}
