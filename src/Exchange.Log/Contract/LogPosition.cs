namespace Exchange.Log;

/// <summary>Where a message is stored: topic, partition and offset.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition within the topic.</param>
/// <param name="Offset">The offset within the partition.</param>
public readonly record struct LogPosition(string Topic, int Partition, long Offset);

/// <summary>One partition of a topic.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition number, from 0.</param>
public readonly record struct LogPartition(string Topic, int Partition);

/// <summary>The range of offsets a partition holds.</summary>
/// <param name="Low">The first offset still kept (older ones removed by retention).</param>
/// <param name="High">The offset the next appended message will get; <c>High - Low</c> messages are kept.</param>
public readonly record struct PartitionWatermarks(long Low, long High);
