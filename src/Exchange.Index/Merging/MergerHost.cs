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
/// committed; a message that is not a sealed record goes to the dead-letter topic with its reason
/// and the merger moves on.
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using var consumer = log.CreateConsumer(GroupId);
            consumer.Subscribe(MergedTopics);
            try
            {
                await consumer.RunOnDedicatedThread(MergeAsync, 500, TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is EventLogException or Npgsql.NpgsqlException or TimeoutException)
            {
                // An outage: nothing of the batch in hand was committed; a new consumer resumes after the last commit.
                MergeFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    /// <summary>Merges one batch; the unreadable messages are dead-lettered first, so a crash redelivers rather than loses them.</summary>
    public async Task MergeAsync(IReadOnlyList<ConsumedMessage> batch, CancellationToken cancellationToken)
    {
        using var activities = MergeActivities.Start(batch);
        var inputs = new List<MergeInput>(batch.Count);
        var poison = new List<ConsumedMessage>();
        foreach (var message in batch)
        {
            if (message.Topic == Topics.IndexDecisions)
            {
                var decision = StewardDecision.Read(message.Value.Span);
                inputs.Add(new MergeInput(message.Position, null, decision));
                if (decision is null)
                    poison.Add(message);
                continue;
            }
            if (ConsentWithdrawal.IsWithdrawal(message))
            {
                var withdrawal = ConsentWithdrawal.Read(message) is { } named
                    && message.Headers.TryGetValue(CloudEventHeaders.Id, out var id) && Guid.TryParse(id, out var messageId)
                    ? new StewardWithdrawal(messageId, named)
                    : null;
                inputs.Add(new MergeInput(message.Position, null, Withdrawal: withdrawal));
                if (withdrawal is null)
                    poison.Add(message);
                continue;
            }
            var envelope = Read(message);
            inputs.Add(new MergeInput(message.Position, envelope));
            if (envelope is null)
                poison.Add(message);
        }
        // A batch redelivered after a crash holds poison the dead-letter topic already has.
        var unmerged = poison.Count == 0 ? [] : (await merger.NotYetMergedAsync([.. poison.Select(p => p.Position)], cancellationToken)).ToHashSet();
        var fresh = poison.Where(p => unmerged.Contains(p.Position)).Select(p => DeadLetter.For(p, UnreadableReason)).ToList();
        if (fresh.Count > 0)
            await log.AppendAsync(Topics.DeadLetter, fresh, cancellationToken);
        metrics.Record(await merger.MergeAsync(inputs, cancellationToken));
        if (metrics.LagReadAt is not { } last || clock.GetUtcNow() - last >= MergerMetrics.LagRefreshInterval)
            metrics.UpdateLag(await lag.ReadAsync(cancellationToken), clock.GetUtcNow());
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

    [LoggerMessage(EventId = EventIds.MergeFailed, Level = LogLevel.Warning, Message = "The merger stopped on an outage; it resumes after its last commit.")]
    private static partial void MergeFailed(ILogger logger, Exception exception);
}
