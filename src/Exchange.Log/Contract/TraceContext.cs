using System.Diagnostics;

namespace Exchange.Log;

/// <summary>Carries the current W3C trace context into message headers, so a consumer's work joins the producer's trace.</summary>
internal static class TraceContext
{
    /// <summary>
    /// The headers to store beside a message's own: <c>traceparent</c> and, when it has one,
    /// <c>tracestate</c> from <see cref="Activity.Current"/>, unless the message carries its own
    /// trace context. The message's headers are not copied: an append writes them and then these.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Missing(IReadOnlyDictionary<string, string> headers)
    {
        var activity = Activity.Current;
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C || headers.ContainsKey(CloudEventHeaders.TraceParent))
        {
            return [];
        }

        return string.IsNullOrEmpty(activity.TraceStateString)
            ? [new(CloudEventHeaders.TraceParent, activity.Id!)]
            : [new(CloudEventHeaders.TraceParent, activity.Id!), new(CloudEventHeaders.TraceState, activity.TraceStateString)];
    }
}
