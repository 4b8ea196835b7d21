using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Exchange.Testing;

/// <summary>Sends the launcher's log to the test's output, so a failing run shows what the server went through.</summary>
public sealed class TestOutputLogger(ITestOutputHelper output) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"{logLevel} [{eventId.Id}] {formatter(state, exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test already finished (e.g. a late stop during dispose); there is nowhere left to write.
        }
    }
}
