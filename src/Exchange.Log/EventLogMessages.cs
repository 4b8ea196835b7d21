using Exchange.Core.Hosting;
using Microsoft.Extensions.Logging;

namespace Exchange.Log;

// Event ids 3000–3099. Never log keys, headers or values: they carry linkage keys and records.
internal static partial class EventLogMessages
{
    [LoggerMessage(EventId = EventIds.MockClusterStarted, Level = LogLevel.Information, Message = "Kafka mock cluster started with {Brokers} brokers at {BootstrapServers}")]
    public static partial void MockClusterStarted(this ILogger logger, int brokers, string bootstrapServers);

    [LoggerMessage(EventId = EventIds.TopicCreated, Level = LogLevel.Information, Message = "Created topic {Topic} with {Partitions} partitions")]
    public static partial void TopicCreated(this ILogger logger, string topic, int partitions);

    [LoggerMessage(EventId = EventIds.KafkaError, Level = LogLevel.Warning, Message = "Kafka client error {Code}: {Reason} (fatal: {IsFatal})")]
    public static partial void KafkaError(this ILogger logger, string code, string reason, bool isFatal);

    [LoggerMessage(EventId = EventIds.ConsumeError, Level = LogLevel.Warning, Message = "Consume error on {Topic} [{Partition}] @ {Offset}: {Reason}")]
    public static partial void ConsumeError(this ILogger logger, string? topic, int partition, long offset, string reason);

    [LoggerMessage(EventId = EventIds.CommitForLostPartition, Level = LogLevel.Debug, Message = "Group {GroupId} no longer holds {Topic} [{Partition}]; its new holder will redeliver from the last commit")]
    public static partial void CommitForLostPartition(this ILogger logger, string groupId, string topic, int partition);

    [LoggerMessage(EventId = EventIds.AssignmentChanged, Level = LogLevel.Information, Message = "Group {GroupId} member {MemberId} now holds {Count} partitions")]
    public static partial void AssignmentChanged(this ILogger logger, string groupId, string memberId, int count);

    [LoggerMessage(EventId = EventIds.RetentionApplied, Level = LogLevel.Information, Message = "Retention removed {Count} messages older than {MaxAge}")]
    public static partial void RetentionApplied(this ILogger logger, long count, TimeSpan maxAge);

    [LoggerMessage(EventId = EventIds.GroupLeaveFailed, Level = LogLevel.Warning,
        Message = "Group {GroupId} member {MemberId} could not leave (the database did not answer); its partitions move once its session times out")]
    public static partial void GroupLeaveFailed(this ILogger logger, string groupId, string memberId, Exception exception);
}
