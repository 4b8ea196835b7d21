using System.Text.Json;
using Exchange.Access.Enforcement;
using Exchange.Core.Hosting;
using Exchange.Index.Changes;
using Exchange.Log;
using Exchange.Reporting.Reading;
using Microsoft.Extensions.Options;

namespace Exchange.Hub.Changes;

/// <summary>
/// Publishes each configured subscriber's change feed (<see cref="ChangeTopic"/>) to its own topic,
/// <c>exchange.changes.v1.&lt;client&gt;</c>: a topic is readable as a whole by whoever may read it,
/// so one topic holds one subscriber's releases and the broker's ACLs can give it to that
/// subscriber alone. Every <see cref="Interval"/> of the injected clock it reads on from the stored
/// position, through the same feed and release service as <c>GET /v1/changes</c>, appends the
/// released changes with CloudEvents headers, and then stores the new position: after a restart it
/// goes on from there, repeating at most one unsaved page (whose messages keep their <c>ce_id</c>).
/// </summary>
internal sealed partial class ChangeTopicPublisher(
    IOptions<List<ChangeTopic>> topics, ReportCallers callers, ChangeFeed feed, ChangeCursor cursors, ChangeTopicPositions positions, IEventLog log,
    TimeProvider clock, ILogger<ChangeTopicPublisher> logger) : BackgroundService
{
    /// <summary>How often the feeds are read on.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The audited action of a topic's read.</summary>
    public const string Action = "change topic";

    /// <summary>The CloudEvents source of every change.</summary>
    public const string Source = "/changes";

    /// <summary>The CloudEvents extension naming the client a change was released to.</summary>
    public const string ClientHeader = "ce_client";

    // Changes appended to a topic in one go.
    private const int PageSize = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HashSet<string> _ready = new(StringComparer.Ordinal);

    /// <summary>The CloudEvents type of a change, e.g. <c>org.graduate-exchange.change.record.created.v1</c>.</summary>
    public static string TypeOf(string changeType) => $"org.graduate-exchange.change.{changeType}.v1";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (topics.Value.Count == 0)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await PublishOnceAsync(stoppingToken);
        }
    }

    /// <summary>Reads every subscriber's feed on to its end and publishes it; a subscriber that fails is logged and tried again next time.</summary>
    internal async Task PublishOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var topic in topics.Value)
        {
            try
            {
                while (await PublishPageAsync(topic, cancellationToken))
                {
                }
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                LogFailed(topic.Topic, exception.GetType().Name + ": " + exception.Message);
            }
        }
    }

    // One page; true when the feed moved on (there may be more).
    private async Task<bool> PublishPageAsync(ChangeTopic topic, CancellationToken cancellationToken)
    {
        if (!_ready.Contains(topic.Topic))
        {
            await log.EnsureTopicsAsync([topic.Topic], log.DefaultPartitions, cancellationToken);
            _ready.Add(topic.Topic);
        }
        var caller = topic.Caller(callers);
        var purpose = topic.DeclaredPurpose;
        var after = await positions.ReadAsync(topic.Topic, cancellationToken);
        var page = await feed.ReadAsync(new ChangeReleaseRequest(caller, purpose, Action, clock.GetUtcNow()), after, PageSize, cancellationToken);
        if (page.ReadUpTo == after)
            return false;
        if (page.Changes.Count > 0)
        {
            var messages = page.Changes.Select(c => ToMessage(ChangesApi.ToResponse(c, cursors, caller, purpose), caller.ClientId)).ToList();
            var stored = await log.AppendAsync(topic.Topic, messages, cancellationToken);
            LogPublished(messages.Count, topic.Topic, stored[^1].Offset);
        }
        await positions.SaveAsync(topic.Topic, page.ReadUpTo, clock.GetUtcNow(), cancellationToken);
        return true;
    }

    /// <summary>The message: CloudEvents attributes as headers, the change as it reads in <c>GET /v1/changes</c> as value, the subject's handle as key (one subject's changes stay in order).</summary>
    internal static LogMessage ToMessage(ChangeEventResponse change, string clientId)
    {
        var headers = CloudEventHeaders.ForEvent(change.Id, Source, TypeOf(change.Type), change.Subject, change.Time);
        headers[ClientHeader] = clientId;
        return new LogMessage(change.Subject, headers, JsonSerializer.SerializeToUtf8Bytes(change, Json));
    }

    [LoggerMessage(EventId = EventIds.ChangeTopicPublished, Level = LogLevel.Debug, Message = "Published {Count} changes to {Topic}, the last at offset {Offset}")]
    private partial void LogPublished(int count, string topic, long offset);

    [LoggerMessage(EventId = EventIds.ChangeTopicFailed, Level = LogLevel.Warning, Message = "Publishing to {Topic} failed and is tried again: {Reason}")]
    private partial void LogFailed(string topic, string reason);
}
