using System.Collections.Concurrent;
using System.Diagnostics;

namespace Exchange.Index.Tests.Merging;

/// <summary>
/// The merger in a process of its own (<c>dotnet Exchange.Index.FaultHost.dll</c>, built beside the
/// tests), so that a test can end it the way a power cut or the OOM killer would. It starts ready
/// but idle, and merges from <see cref="GoAsync"/> on.
/// </summary>
internal sealed class MergerProcess : IAsyncDisposable
{
    /// <summary>The exit code the runtime reports for a child ended by a signal: 128 + the signal, here SIGKILL (9).</summary>
    public const int KilledBySigkill = 128 + 9;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private MergerProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    public string OutputTail => string.Join(Environment.NewLine, _output.TakeLast(30));

    public static MergerProcess Start(string connectionString, int maxBatch)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "Exchange.Index.FaultHost.dll");
        if (!File.Exists(program))
            throw new FileNotFoundException("The test project references tests/Exchange.Index.FaultHost to build it beside the tests.", program);

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(program);
        start.ArgumentList.Add(connectionString);
        start.ArgumentList.Add(maxBatch.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.Environment["NO_COLOR"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the merger process.");
        var merger = new MergerProcess(process);
        process.OutputDataReceived += (_, e) => merger.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => merger.OnOutput(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return merger;
    }

    /// <summary>Lets the process start merging.</summary>
    public async Task GoAsync()
    {
        await _process.StandardInput.WriteLineAsync("go");
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>
    /// Sends SIGKILL (what <see cref="Process.Kill()"/> does on Unix): the process gets no chance to
    /// finish a statement, roll back or commit anything. Returns its exit code.
    /// </summary>
    public async Task<int> KillAsync(CancellationToken cancellationToken)
    {
        _process.Kill();
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Closes the process's standard input, on which it stops as the hub does (or exits, when it never went); returns its exit code.</summary>
    public async Task<int> StopAsync(CancellationToken cancellationToken)
    {
        _process.StandardInput.Close();
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is not null)
            _output.Enqueue(line);
    }
}
