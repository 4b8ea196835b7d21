using Microsoft.Extensions.Hosting;

namespace Exchange.Core.Hosting;

/// <summary>
/// Opens once every hosted service has started, before the host announces its start: the hosts
/// silence their own logger (<see cref="SettingsRefusal.HostLoggerCategory"/>) while the gate is
/// shut, so that a failed start is told once, by the caller, and log it again once it opens.
/// </summary>
public sealed class HostStartGate : IHostedLifecycleService
{
    private volatile bool _open;

    /// <summary>True once every hosted service has started.</summary>
    public bool IsOpen => _open;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _open = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
