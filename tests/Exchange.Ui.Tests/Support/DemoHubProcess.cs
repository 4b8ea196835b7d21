using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Exchange.Testing;

namespace Exchange.Ui.Tests.Support;

/// <summary>
/// The README's first command with the demo, <c>exchange serve --import samples --demo</c>, as
/// its own process on a free port with a data folder and a development key of its own: ready
/// once it has imported the samples and says so.
/// </summary>
internal sealed partial class DemoHubProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempFolder _folder;
    private readonly StringBuilder _output = new();

    private DemoHubProcess(Process process, TempFolder folder)
    {
        _process = process;
        _folder = folder;
    }

    /// <summary>The address of the pages, as the command printed it.</summary>
    public string Pages { get; private set; } = "";

    public static async Task<DemoHubProcess> StartAsync()
    {
        var folder = new TempFolder("exchange-ui-demo");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryFolder.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The development key pair lives under the user's local data folder: this run's own.
        start.Environment["XDG_DATA_HOME"] = folder.Combine("keys");
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "exchange.dll"), "serve", "--import", "samples", "--demo",
                     "--urls", "http://127.0.0.1:0", "--setting", $"Exchange:Postgres:DataDirectory={folder.Combine("postgres")}"])
            start.ArgumentList.Add(argument);

        var hub = new DemoHubProcess(Process.Start(start)!, folder);
        hub._process.ErrorDataReceived += (_, _) => { };
        hub._process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await hub._process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            hub._output.AppendLine(line);
            if (PagesLine().Match(line) is { Success: true } pages)
                hub.Pages = pages.Groups[1].Value;
            if (line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
            {
                // Keep reading, so that the hub never blocks on a full pipe.
                _ = hub._process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return hub;
            }
        }
        await hub._process.WaitForExitAsync(timeout.Token);
        throw new InvalidOperationException($"The demo hub exited ({hub._process.ExitCode}) before serving:\n{hub._output}");
    }

    /// <summary>What the command printed up to the moment it was ready.</summary>
    public string Output => _output.ToString();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // As Ctrl+C: the hub stops its embedded server on its way out; killed only if it does not.
            using (var terminate = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await terminate.WaitForExitAsync(CancellationToken.None);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }
        _process.Dispose();
        _folder.Dispose();
    }

    [GeneratedRegex(@"^Pages at (http://\S+/ui)$")]
    private static partial Regex PagesLine();
}
