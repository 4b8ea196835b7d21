using System.Collections;
using Microsoft.Extensions.Logging;

namespace Exchange.Core.Hosting;

/// <summary>
/// Wraps every logger provider of the hub, so that nothing any component logs — its message,
/// its structured values, its scopes or an exception's text — carries a resident id, a query
/// string or a linkage key. ASP.NET Core's own request lines, which print the full URL, are
/// dropped: the hub logs each request by route template instead.
/// </summary>
internal sealed class RedactingLoggerProvider(ILoggerProvider inner) : ILoggerProvider, ISupportExternalScope
{
    private const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), categoryName == HostingDiagnostics);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider)
    {
        if (inner is ISupportExternalScope external)
            external.SetScopeProvider(new RedactingScopeProvider(scopeProvider));
    }

    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner, bool hostingDiagnostics) : ILogger
    {
        // Hosting's "Request starting"/"Request finished" (event ids 1 and 2) print the raw URL.
        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(RedactedState.Of(state));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (hostingDiagnostics && eventId.Id is 1 or 2)
                return;
            if (!inner.IsEnabled(logLevel))
                return;
            var message = LogRedaction.Redact(formatter(state, exception));
            inner.Log(logLevel, eventId, RedactedState.Of((object?)state ?? "", message), exception is null ? null : new RedactedException(exception),
                static (s, _) => s.Message);
        }
    }

    // Scopes reach providers that print them (IncludeScopes) through the external scope provider.
    private sealed class RedactingScopeProvider(IExternalScopeProvider inner) : IExternalScopeProvider
    {
        public void ForEachScope<TState>(Action<object?, TState> callback, TState state) =>
            inner.ForEachScope((scope, s) => callback(scope is null ? null : RedactedState.Of(scope), s), state);

        public IDisposable Push(object? state) => inner.Push(state is null ? null : RedactedState.Of(state));
    }
}

/// <summary>Structured log state with every value redacted; prints as its redacted message.</summary>
internal sealed class RedactedState(IReadOnlyList<KeyValuePair<string, object?>> values, string message) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public string Message { get; } = message;

    public static RedactedState Of(object state, string? message = null)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.Select(p => new KeyValuePair<string, object?>(p.Key, p.Key == "{OriginalFormat}" ? p.Value : LogRedaction.Redact(p.Value))).ToList()
            : [];
        return new RedactedState(values, message ?? LogRedaction.Redact(state.ToString() ?? ""));
    }

    public KeyValuePair<string, object?> this[int index] => values[index];

    public int Count => values.Count;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Message;
}

/// <summary>An exception as a log line shows it: its type, message and stack, redacted.</summary>
internal sealed class RedactedException(Exception original) : Exception(LogRedaction.Redact(original.Message))
{
    public override string? StackTrace => original.StackTrace;

    public override string ToString() => LogRedaction.Redact(original.ToString());
}
