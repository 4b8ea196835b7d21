using System.Globalization;
using System.Text.Json;
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
public sealed partial class ConsentProjection(IEventLog log, ConsentStore store, ILogger<ConsentProjection> logger) : BackgroundService
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
        while (!stoppingToken.IsCancellationRequested)
        {
            using var consumer = log.CreateConsumer(GroupId);
            consumer.Subscribe([Topic]);
            try
            {
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
                await Task.Delay(TimeSpan.FromSeconds(10), stoppingToken);
            }
            catch (Exception e) when (e is EventLogException or Npgsql.NpgsqlException or TimeoutException)
            {
                // An outage of the log or the database: nothing of the batch in hand was committed;
                // a new consumer resumes after the last commit.
                ProjectionFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
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
        // Below a position that stands past the log's end, a new message looks applied and is not.
        if (await AheadOfLogAsync(positions.Where(p => p.Topic == Topic).Select(p => p.Partition), cancellationToken) is { } ahead)
        {
            ProjectionAheadOfLog(logger, ahead.Partition, ahead.Stored, ahead.End);
            return false;
        }
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!await store.HasAppliedAsync(Name, positions, cancellationToken))
        {
            if (DateTimeOffset.UtcNow >= deadline)
                return false;
            await Task.Delay(PollInterval, cancellationToken);
        }
        return true;
    }

    /// <summary>
    /// Applies one batch of the consent topic: readable messages to the store, the others to the
    /// dead-letter topic. The consumer loop calls it; so can a rebuild that replays the topic.
    /// </summary>
    public async Task ApplyAsync(IReadOnlyList<ConsumedMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (await AheadOfLogAsync(batch.Select(m => m.Position.Partition), cancellationToken) is { } ahead)
            throw new ProjectionAheadOfLogException(ahead.Partition, ahead.Stored, ahead.End);
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
    /// The first of <paramref name="partitions"/> where the store stands past the end of the topic,
    /// or null. The projection only ever moves past messages the log holds, so this means the topic
    /// was deleted and made again, or truncated, under a store that outlived it: its new messages sit
    /// at offsets the store counts as applied, and a withdrawal among them would be skipped while
    /// its writer is told it holds.
    /// </summary>
    private async Task<(int Partition, long Stored, long End)?> AheadOfLogAsync(IEnumerable<int> partitions, CancellationToken cancellationToken)
    {
        var stored = await store.PositionsAsync(Name, cancellationToken);
        foreach (var partition in partitions.Distinct())
        {
            if (!stored.TryGetValue((Topic, partition), out var next))
                continue;
            var end = (await log.GetWatermarksAsync(Topic, partition, cancellationToken)).High;
            if (next > end)
                return (partition, next, end);
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
                    ? (new ConsentLogEntry.Withdrawal(message.Position, withdrawal.SourceOrganisation, withdrawal.SourceRecordId, withdrawal.At), null)
                    : (null, Unreadable("The withdrawal does not name a consent."));
            }

            if (CloudEventHeaders.ToEnvelope(message) is not { Kind: RecordKind.Consent, SubjectKey: { } subjectKey } envelope)
                return (null, Unreadable("The message is not a sealed consent record with a subject."));
            var record = (ConsentRecord)RecordJson.Deserialize(RecordKind.Consent, JsonSerializer.SerializeToUtf8Bytes(envelope.Record));
            var grant = ConsentGrant.FromRecord(record, subjectKey, envelope.SourceOrganisation);
            return grant.Grant is { } made
                ? (new ConsentLogEntry.Version(message.Position, made), null)
                : (null, grant.Problems[0]);
        }
        catch (Exception e) when (e is JsonException or InvalidCastException or NotSupportedException)
        {
            return (null, Unreadable("The message cannot be read as a consent."));
        }
    }

    private static Problem Unreadable(string message) => new("", "consent.unreadable", message, "无法将该消息读取为授权。");

    private static string Reason(IReadOnlyList<Problem> problems) => JsonSerializer.Serialize(problems, JsonSerializerOptions.Web);

    [LoggerMessage(EventId = Exchange.Core.Hosting.EventIds.ConsentProjectionFailed, Level = LogLevel.Warning, Message = "The consent projection stopped on an outage; it resumes after its last commit.")]
    private static partial void ProjectionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = Exchange.Core.Hosting.EventIds.ConsentProjectionAheadOfLog, Level = LogLevel.Critical,
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
