using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Exchange.Core.Hosting;

/// <summary>A background service of a host failed, which stopped the host; names each that failed and why.</summary>
public sealed class BackgroundServiceFailedException : Exception
{
    public BackgroundServiceFailedException()
        : this([])
    {
    }

    public BackgroundServiceFailedException(string message)
        : base(message)
    {
        Failures = [];
    }

    public BackgroundServiceFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failures = [];
    }

    public BackgroundServiceFailedException(IReadOnlyList<(string Service, Exception Exception)> failures)
        : base(Describe(failures), failures.Count > 0 ? failures[0].Exception : null)
    {
        Failures = failures;
    }

    /// <summary>Each failed service's type name, and the exception it ended with.</summary>
    public IReadOnlyList<(string Service, Exception Exception)> Failures { get; }

    /// <summary>Each failure as <c>Service: reason</c>, separated by semicolons.</summary>
    public static string Describe(IReadOnlyList<(string Service, Exception Exception)> failures) =>
        string.Join("; ", failures.Select(f => $"{f.Service}: {f.Exception.Message}"));

    /// <summary>The background services of <paramref name="services"/> whose work ended with an exception.</summary>
    public static IReadOnlyList<(string Service, Exception Exception)> FailuresOf(IServiceProvider services) =>
        [.. services.GetServices<IHostedService>().OfType<BackgroundService>()
            .Where(s => s.ExecuteTask is { IsFaulted: true })
            .Select(s => (s.GetType().Name, s.ExecuteTask!.Exception!.GetBaseException()))];
}
