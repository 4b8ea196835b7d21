using System.Globalization;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Exchange.Testing;

/// <summary>
/// A logger provider that keeps every line a hub logs — message, structured values, scopes and
/// exception text, as any real provider would receive them — for tests that scan what was logged.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider? _scopes;

    public IReadOnlyCollection<string> Lines => _lines;

    public string AllText => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>A logger of category <typeparamref name="T"/>, for a class built by hand rather than by a host.</summary>
    public ILogger<T> For<T>() => new TypedLogger<T>(this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class TypedLogger<T>(CapturedLogs owner) : Logger(owner, typeof(T).FullName!), ILogger<T>;

    private class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                foreach (var (key, value) in values)
                    line.Append(CultureInfo.InvariantCulture, $" |{key}={value}");
            owner._scopes?.ForEachScope((scope, builder) => builder.Append(CultureInfo.InvariantCulture, $" |scope={scope}"), line);
            if (exception is not null)
                line.Append('\n').Append(exception);
            owner._lines.Enqueue(line.ToString());
        }
    }
}
