using System.Diagnostics;

namespace Exchange.Cli.Tests;

/// <summary>
/// <c>exchange serve</c> left running, as an operator runs it: started as its own process, ready
/// once it prints where it listens, stopped with SIGTERM as a service manager stops it (so its
/// embedded server is shut down, not orphaned).
/// </summary>
internal sealed class BackupRunningHub : IAsyncDisposable
{
    private readonly Process _process;

    private BackupRunningHub(Process process) => _process = process;

    public static async Task<BackupRunningHub> StartAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = CliRunner.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "exchange.dll"), "serve", "--urls", "http://127.0.0.1:0",
                     "--setting", $"Exchange:Postgres:DataDirectory={dataDirectory}"])
            start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        var hub = new BackupRunningHub(process);
        _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("Hub listening on", StringComparison.Ordinal))
            {
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return hub;
            }
        }
        await hub.DisposeAsync();
        throw new InvalidOperationException("exchange serve ended before it listened.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await _process.WaitForExitAsync(timeout.Token);
        }
        _process.Dispose();
    }
}
