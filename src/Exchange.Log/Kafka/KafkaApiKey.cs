namespace Exchange.Log.Kafka;

/// <summary>
/// The Kafka protocol's request types, by the key the protocol gives them: what
/// <see cref="MockCluster.PushRequestErrors"/> makes the mock brokers fail. Only the requests the
/// hub's clients send are named.
/// </summary>
public enum KafkaApiKey : short
{
    /// <summary>A producer appends messages.</summary>
    Produce = 0,

    /// <summary>A consumer reads messages.</summary>
    Fetch = 1,

    /// <summary>Offsets by time, and a partition's first and next offsets (the merger's lag).</summary>
    ListOffsets = 2,

    /// <summary>Brokers, topics and partition leaders.</summary>
    Metadata = 3,

    /// <summary>A group member commits its offsets.</summary>
    OffsetCommit = 8,

    /// <summary>A group member reads its committed offsets.</summary>
    OffsetFetch = 9,

    /// <summary>Which broker coordinates a group or a transaction.</summary>
    FindCoordinator = 10,

    /// <summary>A member joins a group.</summary>
    JoinGroup = 11,

    /// <summary>A member says it is alive.</summary>
    Heartbeat = 12,

    /// <summary>A member leaves a group.</summary>
    LeaveGroup = 13,

    /// <summary>A member receives its partitions.</summary>
    SyncGroup = 14,

    /// <summary>An idempotent producer gets its producer id.</summary>
    InitProducerId = 22,
}
