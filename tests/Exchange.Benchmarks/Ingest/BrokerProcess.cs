using System.Diagnostics;

namespace Exchange.Benchmarks.Ingest;

/// <summary>
/// The benchmark program's <see cref="MockBrokersCommand"/> as a child process: the brokers the
/// Kafka-path hub and the bare producer send to, with memory and CPU of their own. Stopped by
/// closing its standard input (then killed if it lingers).
/// </summary>
internal sealed class BrokerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BrokerProcess(Process process, string bootstrapServers)
    {
        _process = process;
        BootstrapServers = bootstrapServers;
    }

    public string BootstrapServers { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts <paramref name="brokers"/> mock brokers whose topics have <paramref name="partitions"/> partitions, and waits for their address.</summary>
    public static async Task<BrokerProcess> StartAsync(int brokers, int partitions, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            typeof(BrokerProcess).Assembly.Location, MockBrokersCommand.Verb,
            "--count", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--partitions", partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
            start.ArgumentList.Add(argument);

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the mock brokers' process.");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith(MockBrokersCommand.BootstrapPrefix, StringComparison.Ordinal))
                    return new BrokerProcess(process, line[MockBrokersCommand.BootstrapPrefix.Length..]);
            }
            throw new InvalidOperationException($"The mock brokers' process exited without naming its brokers (exit code {(process.HasExited ? process.ExitCode : -1)}).");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Stops the brokers: their standard input closed, then a kill after 30 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            await ChildProcessExit.WaitOrKillAsync(_process, TimeSpan.FromSeconds(30));
        }
        _process.Dispose();
    }
}
