using System.Text.Json;
using Exchange.Core.Hosting;
using Exchange.Core.Model;
using Exchange.Log;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Exchange.Index.Merging;

/// <summary>
/// The merger as a consumer group over every record topic: instances of the hub share the
/// partitions. Each batch is merged in one index transaction and only then are its offsets
/// committed; a message that is not a sealed record, or holds what the index cannot store
/// (<see cref="StorableEnvelope"/>), goes to the dead-letter topic with its reason and the merger
/// moves on.
/// </summary>
public sealed partial class MergerHost(IEventLog log, Merger merger, MergerLag lag, MergerMetrics metrics, TimeProvider clock, ILogger<MergerHost> logger)
    : BackgroundService
{
    /// <summary>The consumer group.</summary>
    public const string GroupId = "exchange.index.merger";

    /// <summary>The record topics: one per record kind.</summary>
    public static IReadOnlyList<string> RecordTopics { get; } = [.. RecordKinds.All.Select(Topics.For)];

    /// <summary>The topics it reads: the record topics and the stewards' index decisions.</summary>
    public static IReadOnlyList<string> MergedTopics { get; } = [.. RecordTopics, Topics.IndexDecisions];

    private const string UnreadableReason =
        """[{"pointer":"","code":"merge.unreadable","message":"The message is not a sealed record of its topic's kind, nor a steward's decision on the decisions topic."}]""";

    private static string UnstorableReason(string pointer, string message) =>
        JsonSerializer.Serialize(new[] { new { pointer, code = "merge.unstorable", message } });

    private const string IdTakenReason =
        """[{"pointer":"","code":"merge.unstorable","message":"The envelope id (ce_id) is already that of another record version; the hub never gives two versions one id."}]""";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new OutageBackoff();
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = clock.GetUtcNow();
            try
            {
                // Made inside the try: subscribing, and leaving the group on dispose, reach the log's storage too.
                using var consumer = log.CreateConsumer(GroupId);
                consumer.Subscribe(MergedTopics);
                await consumer.RunOnDedicatedThread(MergeAsync, 500, TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (MergerAheadOfLogException e)
            {
                // Nothing is merged until an operator has made the index and the log agree again (docs/operations.md).
                MergerAheadOfLog(logger, e.Topic, e.Partition, e.Stored, e.End);
                await Task.Delay(TimeSpan.FromSeconds(10), clock, stoppingToken);
            }
            catch (Exception e) when (e is EventLogException or Npgsql.NpgsqlException or TimeoutException)
            {
                // An outage: nothing of the batch in hand was committed; a new consumer resumes after the last commit.
                var wait = backoff.Next(clock.GetUtcNow() - started);
                MergeFailed(logger, wait.TotalSeconds, e);
                await Task.Delay(wait, clock, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Merges one batch; the unreadable messages are dead-lettered first, so a crash redelivers
    /// rather than loses them. Throws <see cref="MergerAheadOfLogException"/>, merging nothing,
    /// when the index stands past the end of a partition the batch holds.
    /// </summary>
    public async Task MergeAsync(IReadOnlyList<ConsumedMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var activities = MergeActivities.Start(batch);
        await CheckTopicsAsync(batch, cancellationToken);
        var inputs = new List<MergeInput>(batch.Count);
        var poison = new List<(ConsumedMessage Message, string Reason)>();
        foreach (var message in batch)
        {
            if (message.Topic == Topics.IndexDecisions)
            {
                var decision = StewardDecision.Read(message.Value.Span);
                inputs.Add(new MergeInput(message.Position, null, decision) { MessageId = TopicContinuity.IdentityOf(message) });
                if (decision is null)
                    poison.Add((message, UnreadableReason));
                continue;
            }
            if (ConsentWithdrawal.IsWithdrawal(message))
            {
                var withdrawal = ConsentWithdrawal.Read(message) is { } named
                    && message.Headers.TryGetValue(CloudEventHeaders.Id, out var id) && Guid.TryParse(id, out var messageId)
                    ? new StewardWithdrawal(messageId, named)
                    : null;
                inputs.Add(new MergeInput(message.Position, null, Withdrawal: withdrawal) { MessageId = TopicContinuity.IdentityOf(message) });
                if (withdrawal is null)
                    poison.Add((message, UnreadableReason));
                continue;
            }
            var envelope = Read(message);
            var refusal = envelope is null ? UnreadableReason
                : StorableEnvelope.Refusal(envelope, message.Value.Span) is { } unstorable ? UnstorableReason(unstorable.Pointer, unstorable.Message) : null;
            inputs.Add(new MergeInput(message.Position, refusal is null ? envelope : null) { MessageId = TopicContinuity.IdentityOf(message) });
            if (refusal is not null)
                poison.Add((message, refusal));
        }
        var records = inputs.Select((input, i) => (input, i)).Where(x => x.input.Envelope is not null).ToList();
        foreach (var taken in await merger.IdsTakenAsync([.. records.Select(x => x.input.Envelope!)], cancellationToken))
        {
            var (input, i) = records[taken];
            inputs[i] = input with { Envelope = null };
            poison.Add((batch[i], IdTakenReason));
        }
        // A batch redelivered after a crash holds poison the dead-letter topic already has.
        var unmerged = poison.Count == 0 ? [] : (await merger.NotYetMergedAsync([.. poison.Select(p => p.Message.Position)], cancellationToken)).ToHashSet();
        var fresh = poison.Where(p => unmerged.Contains(p.Message.Position)).Select(p => DeadLetter.For(p.Message, p.Reason)).ToList();
        if (fresh.Count > 0)
            await log.AppendAsync(Topics.DeadLetter, fresh, cancellationToken);
        metrics.Record(await merger.MergeAsync(inputs, cancellationToken));
        if (metrics.LagReadAt is not { } last || clock.GetUtcNow() - last >= MergerMetrics.LagRefreshInterval)
            metrics.UpdateLag(await lag.ReadAsync(cancellationToken), clock.GetUtcNow());
    }

    /// <summary>
    /// A message below where the index stands is a redelivery after a crash, or a new message of a
    /// topic made again under the index (<see cref="TopicContinuity"/>), which would be skipped as
    /// merged: a consent's withdrawal among them would leave in the index the sensitive fields it
    /// erases. A topic grown past the index's position is merged from its start; an index past a
    /// partition's end merges nothing, as nothing tells which of the partition's messages are new.
    /// </summary>
    private async Task CheckTopicsAsync(IReadOnlyList<ConsumedMessage> batch, CancellationToken cancellationToken)
    {
        var positions = await merger.PositionsAsync(cancellationToken);
        var below = batch.Where(m => m.Offset < (positions.TryGetValue((m.Topic, m.Partition), out var at) ? at.Next : 0))
            .Select(m => (m.Topic, m.Partition)).Distinct().ToList();
        foreach (var (topic, partition) in below)
        {
            var stored = positions[(topic, partition)];
            var found = await TopicContinuity.CheckAsync(log, topic, partition, stored.Next, stored.LastMessage, cancellationToken);
            switch (found.State)
            {
                case PartitionState.Ahead:
                    // The gauges show it while the merger waits: its lag reads nothing there.
                    metrics.UpdateLag(await lag.ReadAsync(cancellationToken), clock.GetUtcNow());
                    throw new MergerAheadOfLogException(topic, partition, found.Stored, found.End);
                case PartitionState.MadeAgain:
                    MergerStartsOver(logger, topic, partition, found.Stored);
                    await merger.StartOverAsync(topic, partition, cancellationToken);
                    break;
            }
        }
    }

    private static Core.Envelope.RecordEnvelope? Read(ConsumedMessage message)
    {
        try
        {
            return CloudEventHeaders.ToEnvelope(message) is { } envelope && Topics.For(envelope.Kind) == message.Topic && envelope.Record.ValueKind == JsonValueKind.Object
                ? envelope
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = EventIds.MergeFailed, Level = LogLevel.Warning, Message = "The merger stopped on an outage; it tries again in {WaitSeconds} s, resuming after its last commit.")]
    private static partial void MergeFailed(ILogger logger, double waitSeconds, Exception exception);

    [LoggerMessage(EventId = EventIds.MergerStartsOver, Level = LogLevel.Warning,
        Message = "Partition {Partition} of {Topic} holds another message where the merger last merged one (offset {Stored}): the topic was made again under the index. The merger merges the partition from its start.")]
    private static partial void MergerStartsOver(ILogger logger, string topic, int partition, long stored);

    [LoggerMessage(EventId = EventIds.MergerAheadOfLog, Level = LogLevel.Critical,
        Message = "The merged index stands at offset {Stored} of partition {Partition} of {Topic}, past the topic's end at {End}: the topic was made again or truncated under the index. Nothing is merged until the two agree again (docs/operations.md, \"The merged index stands past the end of a topic\").")]
    private static partial void MergerAheadOfLog(ILogger logger, string topic, int partition, long stored, long end);
}

/// <summary>The merged index stands past the end of a partition of a topic it merges; see <see cref="MergerHost"/>.</summary>
public sealed class MergerAheadOfLogException(string topic, int partition, long stored, long end)
    : Exception($"The merged index stands at offset {stored} of partition {partition} of {topic}, past the topic's end at {end}.")
{
    public string Topic { get; } = topic;

    public int Partition { get; } = partition;

    public long Stored { get; } = stored;

    public long End { get; } = end;
}
