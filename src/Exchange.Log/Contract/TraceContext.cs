using System.Diagnostics;

namespace Exchange.Log;

/// <summary>Carries the current W3C trace context into message headers, so a consumer's work joins the producer's trace.</summary>
internal static class TraceContext
{
    /// <summary>The headers to store: the message's own, plus <c>traceparent</c>/<c>tracestate</c> from <see cref="Activity.Current"/> when it has none.</summary>
    public static IReadOnlyDictionary<string, string> WithCurrent(IReadOnlyDictionary<string, string> headers)
    {
        var activity = Activity.Current;
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C || headers.ContainsKey(CloudEventHeaders.TraceParent))
        {
            return headers;
        }

        var result = new Dictionary<string, string>(headers, StringComparer.Ordinal)
        {
            [CloudEventHeaders.TraceParent] = activity.Id!,
        };
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            result[CloudEventHeaders.TraceState] = activity.TraceStateString;
        }

        return result;
    }
}
