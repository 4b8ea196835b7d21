using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Exchange.Cli.Tests;

/// <summary>
/// <c>exchange serve</c> as its own process, as an operator runs it: started with settings,
/// listening on a free port, its log lines kept for the test to read, and killed with SIGKILL
/// when the test says so.
/// </summary>
internal sealed partial class HubProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

    private HubProcess(Process process) => _process = process;

    public Uri Address { get; private set; } = null!;

    public int ProcessId => _process.Id;

    /// <summary>True once the process has ended, killed or on its own.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Every line the hub has written to standard error so far (its log).</summary>
    public IReadOnlyCollection<string> Log => _log;

    /// <summary>Starts <c>exchange serve --urls http://127.0.0.1:0</c> with the settings, and waits until it listens.</summary>
    public static async Task<HubProcess> StartAsync(IEnumerable<string> settings, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = CliRunner.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["COLUMNS"] = "200";
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "exchange.dll"), "serve", "--urls", "http://127.0.0.1:0"])
            start.ArgumentList.Add(arg);
        foreach (var setting in settings)
        {
            start.ArgumentList.Add("--setting");
            start.ArgumentList.Add(setting);
        }

        var hub = new HubProcess(Process.Start(start)!);
        hub._process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
                hub._log.Enqueue(line.Data);
        };
        hub._process.BeginErrorReadLine();
        while (await hub._process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (Listening().Match(line) is { Success: true } listening)
            {
                // Keep reading, so that the hub never blocks on a full pipe.
                _ = hub._process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                hub.Address = new Uri(listening.Groups[1].Value);
                return hub;
            }
        }
        await hub._process.WaitForExitAsync(cancellationToken);
        throw new InvalidOperationException($"The hub exited ({hub._process.ExitCode}) before listening:\n{string.Join('\n', hub._log)}");
    }

    /// <summary>SIGKILL: no shutdown, no commit, no goodbye.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited)
            return;
        _process.Kill();
        await _process.WaitForExitAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"Hub listening on (http://[^\s;,]+)")]
    private static partial Regex Listening();
}
