using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Exchange.Benchmarks.Ingest;

/// <summary>
/// <c>dotnet exchange.dll serve</c> as a separate process, so that its memory is its own: started
/// with settings, waited for on <c>/health</c>, stopped with SIGTERM (then killed if it lingers).
/// </summary>
internal sealed class HubProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HubProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts the hub and waits until it answers <c>/health</c>.</summary>
    public static Task<HubProcess> StartAsync(IEnumerable<KeyValuePair<string, string>> settings, CancellationToken cancellationToken) =>
        StartAsync(settings, new Dictionary<string, string>(), cancellationToken);

    /// <summary>Starts the hub with extra environment variables (runtime settings such as <c>DOTNET_gcServer</c>).</summary>
    public static async Task<HubProcess> StartAsync(
        IEnumerable<KeyValuePair<string, string>> settings, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var exchange = Path.Combine(AppContext.BaseDirectory, "exchange.dll");
        if (!File.Exists(exchange))
            throw new InvalidOperationException($"{exchange} is missing; the benchmark project references src/Exchange.Cli to copy it.");

        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { exchange, "serve", "--urls", address.ToString().TrimEnd('/') })
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add("--setting");
            start.ArgumentList.Add($"{key}={value}");
        }
        // No colours or width games in the captured log.
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "0";
        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the hub process.");
        var hub = new HubProcess(process, address);
        process.OutputDataReceived += (_, e) => hub.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => hub.OnOutput(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await hub.WaitHealthyAsync(TimeSpan.FromMinutes(2), cancellationToken);
            return hub;
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    /// <summary>The last lines the hub wrote, for an error message.</summary>
    public string OutputTail(int lines = 40) => string.Join(Environment.NewLine, _output.TakeLast(lines));

    private void OnOutput(string? line)
    {
        if (line is null)
            return;
        _output.Enqueue(line);
        while (_output.Count > 400)
            _output.TryDequeue(out _);
    }

    private async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The hub exited with code {_process.ExitCode} before it was healthy:{Environment.NewLine}{OutputTail()}");
            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A slow start-up.
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"The hub was not healthy within {timeout.TotalSeconds:0} s:{Environment.NewLine}{OutputTail()}");
    }

    /// <summary>Stops the hub: SIGTERM, then a kill after 30 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM, as systemd or Ctrl+C would: the host stops gracefully.
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync(CancellationToken.None);
            await ChildProcessExit.WaitOrKillAsync(_process, TimeSpan.FromSeconds(30));
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
