using System.Globalization;
using System.Text.Json;
using Exchange.Core.Hosting;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Validation;
using Exchange.Log;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Exchange.Access.Consent;

/// <summary>
/// The consent store as a projection of <c>exchange.consent.v1</c>: every consent reaches the log
/// first, whichever way it came in (push, import, pull, FHIR, the steward API), and this consumer
/// group alone writes the store. What it applies and where it stands in each partition commit in
/// one transaction, and only then are the log offsets committed, so nothing is applied twice and
/// nothing is lost. A message the store cannot take goes to the dead-letter topic with its reason
/// and the projection moves on. Replaying the topic into an empty store rebuilds it.
/// </summary>
/// <remarks>
/// A writer binds the very next read by waiting for <see cref="WaitUntilAppliedAsync"/>: the steward
/// API and the push API answer only once the consents they appended are in the store.
/// </remarks>
public sealed partial class ConsentProjection(IEventLog log, ConsentStore store, TimeProvider clock, ILogger<ConsentProjection> logger) : BackgroundService
{
    /// <summary>The projection's name in <c>projection_positions</c>.</summary>
    public const string Name = "consents";

    /// <summary>The consumer group; instances of the hub share the topic's partitions.</summary>
    public const string GroupId = "exchange.access.consents";

    private static readonly string Topic = Topics.For(RecordKind.Consent);

    /// <summary>How often a waiting writer looks again.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

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
                consumer.Subscribe([Topic]);
                await consumer.RunOnDedicatedThread(ApplyAsync, 500, TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ProjectionAheadOfLogException e)
            {
                // Nothing is applied until an operator has made the store and the log agree again (docs/operations.md).
                ProjectionAheadOfLog(logger, e.Partition, e.Stored, e.End);
                await Task.Delay(TimeSpan.FromSeconds(10), clock, stoppingToken);
            }
            catch (Exception e) when (e is EventLogException or Npgsql.NpgsqlException or TimeoutException)
            {
                // An outage of the log or the database: nothing of the batch in hand was committed;
                // a new consumer resumes after the last commit.
                var wait = backoff.Next(clock.GetUtcNow() - started);
                ProjectionFailed(logger, wait.TotalSeconds, e);
                await Task.Delay(wait, clock, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Waits until the projection has applied the messages at <paramref name="positions"/>; false
    /// when <paramref name="timeout"/> passed first (they are in the log and will apply).
    /// </summary>
    public async Task<bool> WaitUntilAppliedAsync(IReadOnlyCollection<LogPosition> positions, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var deadline = DateTimeOffset.UtcNow + timeout;
        // Seen not yet applied, then applied, the projection applied it meanwhile, having checked its
        // topic first. Seen applied at once, the message may only sit below a position of a topic
        // made again under the store: that is checked, on the same reading of the positions, until
        // the projection has started over. (Read apart, the positions could be forgotten by a start
        // over between the two readings, and a partition with none looks sound.)
        var partitions = positions.Where(p => p.Topic == Topic).Select(p => p.Partition).Distinct().ToList();
        var suspect = true;
        while (true)
        {
            var stored = await store.PositionsAsync(Name, cancellationToken);
            if (positions.All(p => p.Offset < (stored.TryGetValue((p.Topic, p.Partition), out var at) ? at.Next : 0)))
            {
                if (!suspect)
                    return true;
                switch (await CheckPartitionsAsync(stored, partitions, cancellationToken))
                {
                    case null:
                        return true;
                    case { State: PartitionState.Ahead } ahead:
                        ProjectionAheadOfLog(logger, ahead.Partition, ahead.Stored, ahead.End);
                        return false;
                }
            }
            else
            {
                suspect = false;
            }
            if (DateTimeOffset.UtcNow >= deadline)
                return false;
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// Applies one batch of the consent topic: readable messages to the store, the others to the
    /// dead-letter topic. The consumer loop calls it; so can a rebuild that replays the topic.
    /// </summary>
    public async Task ApplyAsync(IReadOnlyList<ConsumedMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        // A message below where the store stands is a redelivery after a crash, or a new message of a
        // topic made again under the store: the message the store applied last tells them apart.
        var positions = await store.PositionsAsync(Name, cancellationToken);
        var below = batch.Where(m => m.Position.Offset < (positions.TryGetValue((Topic, m.Position.Partition), out var at) ? at.Next : 0))
            .Select(m => m.Position.Partition).Distinct().ToList();
        foreach (var partition in below)
        {
            switch (await CheckPartitionsAsync(positions, [partition], cancellationToken))
            {
                case { State: PartitionState.Ahead } ahead:
                    throw new ProjectionAheadOfLogException(ahead.Partition, ahead.Stored, ahead.End);
                case { State: PartitionState.MadeAgain } madeAgain:
                    ProjectionStartsOver(logger, madeAgain.Partition, madeAgain.Stored);
                    await store.StartOverAsync(Name, Topic, partition, cancellationToken);
                    break;
            }
        }
        var entries = new List<ConsentLogEntry>(batch.Count);
        var poison = new List<LogMessage>();
        foreach (var message in batch)
        {
            var (entry, problem) = Read(message);
            if (entry is not null)
                entries.Add(entry);
            else
                poison.Add(DeadLetter.For(message, Reason([problem!])));
        }
        // Poison first: a crash after this redelivers the batch and dead-letters it again, never loses it.
        if (poison.Count > 0)
            await log.AppendAsync(Topics.DeadLetter, poison, cancellationToken);

        var applied = await store.ApplyAsync(Name, [.. entries], cancellationToken);
        var refused = applied.Where(a => a.Status == ConsentAppliedStatus.Refused).ToList();
        if (refused.Count > 0)
        {
            var byPosition = batch.ToDictionary(m => m.Position);
            await log.AppendAsync(Topics.DeadLetter, [.. refused.Select(r => DeadLetter.For(byPosition[r.Entry.Position], Reason(r.Problems)))], cancellationToken);
        }
    }

    /// <summary>
    /// The first of <paramref name="partitions"/> whose topic is not the one the store applied, as
    /// <paramref name="stored"/> says where it stands (<see cref="TopicContinuity"/>), or null. A withdrawal among the new messages of a topic made
    /// again under the store would be skipped while its writer was told it holds.
    /// </summary>
    private async Task<(int Partition, PartitionState State, long Stored, long End)?> CheckPartitionsAsync(
        IReadOnlyDictionary<(string Topic, int Partition), (long Next, string? LastMessage)> stored, IReadOnlyCollection<int> partitions,
        CancellationToken cancellationToken)
    {
        foreach (var partition in partitions)
        {
            if (!stored.TryGetValue((Topic, partition), out var at))
                continue;
            var found = await TopicContinuity.CheckAsync(log, Topic, partition, at.Next, at.LastMessage, cancellationToken);
            if (found.State != PartitionState.Continues)
                return (partition, found.State, found.Stored, found.End);
        }
        return null;
    }

    private static (ConsentLogEntry? Entry, Problem? Problem) Read(ConsumedMessage message)
    {
        try
        {
            if (ConsentWithdrawal.IsWithdrawal(message))
            {
                return ConsentWithdrawal.Read(message) is { } withdrawal
                    ? (new ConsentLogEntry.Withdrawal(message.Position, withdrawal.SourceOrganisation, withdrawal.SourceRecordId, withdrawal.At)
                        { MessageId = TopicContinuity.IdentityOf(message) }, null)
                    : (null, Unreadable("The withdrawal does not name a consent."));
            }

            if (CloudEventHeaders.ToEnvelope(message) is not { Kind: RecordKind.Consent, SubjectKey: { } subjectKey } envelope)
                return (null, Unreadable("The message is not a sealed consent record with a subject."));
            if (StorableEnvelope.Refusal(envelope, message.Value.Span) is { } unstorable)
                return (null, Unreadable(unstorable.Message) with { Pointer = unstorable.Pointer });
            var record = (ConsentRecord)RecordJson.Deserialize(RecordKind.Consent, JsonSerializer.SerializeToUtf8Bytes(envelope.Record));
            var grant = ConsentGrant.FromRecord(record, subjectKey, envelope.SourceOrganisation);
            return grant.Grant is { } made
                ? (new ConsentLogEntry.Version(message.Position, made) { MessageId = TopicContinuity.IdentityOf(message) }, null)
                : (null, grant.Problems[0]);
        }
        catch (Exception e) when (e is JsonException or InvalidCastException or NotSupportedException)
        {
            return (null, Unreadable("The message cannot be read as a consent."));
        }
    }

    private static Problem Unreadable(string message) => new("", "consent.unreadable", message, "无法将该消息读取为授权。");

    private static string Reason(IReadOnlyList<Problem> problems) => JsonSerializer.Serialize(problems, JsonSerializerOptions.Web);

    [LoggerMessage(EventId = EventIds.ConsentProjectionFailed, Level = LogLevel.Warning, Message = "The consent projection stopped on an outage; it tries again in {WaitSeconds} s, resuming after its last commit.")]
    private static partial void ProjectionFailed(ILogger logger, double waitSeconds, Exception exception);

    [LoggerMessage(EventId = EventIds.ConsentProjectionStartsOver, Level = LogLevel.Warning,
        Message = "Partition {Partition} of exchange.consent.v1 holds another message where the consent store last applied one (offset {Stored}): the topic was made again under the store. The projection applies the partition from its start.")]
    private static partial void ProjectionStartsOver(ILogger logger, int partition, long stored);

    [LoggerMessage(EventId = EventIds.ConsentProjectionAheadOfLog, Level = LogLevel.Critical,
        Message = "The consent store stands at offset {Stored} of partition {Partition} of exchange.consent.v1, past the topic's end at {End}: the topic was made again or truncated under the store. No consent is applied, and no write is answered as in force, until the two agree again (docs/operations.md, \"The consent store stands past the end of its topic\").")]
    private static partial void ProjectionAheadOfLog(ILogger logger, int partition, long stored, long end);

    /// <summary>The message that withdraws one consent (a steward's, on the graduate's behalf).</summary>
    public static LogMessage WithdrawalMessageFor(ConsentGrant consent, string withdrawnBy, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(consent);
        return new ConsentWithdrawal(consent.SourceOrganisation, consent.SourceRecordId, at).ToMessage(consent.SubjectKey, withdrawnBy);
    }
}

/// <summary>The consent store stands past the end of a partition of its topic; see <see cref="ConsentProjection"/>.</summary>
public sealed class ProjectionAheadOfLogException(int partition, long stored, long end)
    : Exception($"The consent store stands at offset {stored} of partition {partition}, past the topic's end at {end}.")
{
    public int Partition { get; } = partition;

    public long Stored { get; } = stored;

    public long End { get; } = end;
}
