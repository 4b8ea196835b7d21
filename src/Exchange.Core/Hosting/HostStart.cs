using Microsoft.Extensions.Hosting;

namespace Exchange.Core.Hosting;

/// <summary>Starting a host so that a failed start says why.</summary>
public static class HostStart
{
    /// <summary>
    /// Starts <paramref name="host"/>. A background service that fails while the host is still
    /// starting makes the host stop itself, and the start then ends as cancelled, which says
    /// nothing of why (and the host's own logger is silent until it has started,
    /// <see cref="HostStartGate"/>): that start throws <see cref="BackgroundServiceFailedException"/>
    /// naming the failed services instead.
    /// </summary>
    /// <exception cref="BackgroundServiceFailedException">A background service failed during the start.</exception>
    public static async Task StartOrExplainAsync(this IHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested
            && BackgroundServiceFailedException.FailuresOf(host.Services) is { Count: > 0 } failures)
        {
            // A wrong setting found by a service's own validation is still the operator's to fix, and says so by name.
            if (failures.All(f => f.Exception is Microsoft.Extensions.Options.OptionsValidationException))
                throw new AggregateException(failures.Select(f => f.Exception));
            throw new BackgroundServiceFailedException(failures);
        }
    }
}
