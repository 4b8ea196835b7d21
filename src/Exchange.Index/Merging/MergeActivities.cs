using System.Diagnostics;
using Exchange.Log;

namespace Exchange.Index.Merging;

/// <summary>
/// The merger's traces, on the source <c>Exchange.Index</c>. A batch is one activity of its own,
/// linked to the traces its messages came from (OpenTelemetry's convention for a batch consumer);
/// and each of those traces gets a "merge" activity of the same span, as a child of the context
/// the producer wrote into the messages' <c>traceparent</c> — so one trace runs from the push to
/// its merge.
/// </summary>
public sealed class MergeActivities : IDisposable
{
    /// <summary>The activity source's name, for an exporter's allow-list.</summary>
    public const string Name = "Exchange.Index";

    /// <summary>The source of the merge activities.</summary>
    public static readonly ActivitySource Source = new(Name);

    // A batch of many pushes is linked to each, up to this many; the rest are counted, not linked.
    private const int MaxTraces = 64;

    private readonly Activity? _batch;
    private readonly Dictionary<ActivityContext, int> _traces;
    private readonly DateTime _startedAt;

    private MergeActivities(Activity? batch, Dictionary<ActivityContext, int> traces, DateTime startedAt)
    {
        _batch = batch;
        _traces = traces;
        _startedAt = startedAt;
    }

    /// <summary>Starts the batch's activity (the current one until disposed); nothing is recorded when no listener samples it.</summary>
    public static MergeActivities Start(IReadOnlyList<ConsumedMessage> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var traces = new Dictionary<ActivityContext, int>();
        if (!Source.HasListeners())
            return new MergeActivities(null, traces, default);

        foreach (var message in batch)
        {
            if (!message.Headers.TryGetValue(CloudEventHeaders.TraceParent, out var parent)
                || !ActivityContext.TryParse(parent, message.Headers.GetValueOrDefault(CloudEventHeaders.TraceState), isRemote: true, out var context))
                continue;
            if (traces.TryGetValue(context, out var count))
                traces[context] = count + 1;
            else if (traces.Count < MaxTraces)
                traces[context] = 1;
        }

        var activity = Source.StartActivity("merge batch", ActivityKind.Consumer, parentContext: default,
            links: [.. traces.Keys.Select(c => new ActivityLink(c))]);
        activity?.SetTag("messaging.batch.message_count", batch.Count);
        return new MergeActivities(activity, traces, activity?.StartTimeUtc ?? DateTime.UtcNow);
    }

    /// <summary>Ends the batch's activity and records, in each producer's trace, the merge of its messages.</summary>
    public void Dispose()
    {
        _batch?.Dispose();
        var previous = Activity.Current;
        var links = _batch is null ? null : new[] { new ActivityLink(_batch.Context) };
        foreach (var (context, count) in _traces)
        {
            using var merge = Source.CreateActivity("merge", ActivityKind.Consumer, context, links: links);
            if (merge is null)
                continue;
            merge.SetStartTime(_startedAt);
            merge.SetTag("messaging.batch.message_count", count);
            merge.Start();
            if (_batch is not null)
                merge.SetEndTime(_batch.StartTimeUtc + _batch.Duration);
        }
        Activity.Current = previous;
    }
}
