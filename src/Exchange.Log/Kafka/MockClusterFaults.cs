using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Exchange.Log.Kafka;

/// <summary>
/// Faults a test injects into the mock brokers, to see what the hub's clients make of them. Brokers
/// are numbered from 1 to <see cref="Brokers"/>, as the mock cluster numbers them.
/// </summary>
public sealed partial class MockCluster
{
    /// <summary>
    /// Takes a broker down: its connections are closed and new ones refused. Its partitions keep it as
    /// their leader (nothing moves them, as no controller would after a crash that left no other
    /// replica in sync) until <see cref="SetBrokerUp"/> or <see cref="SetPartitionLeader"/>.
    /// </summary>
    public void SetBrokerDown(int brokerId) =>
        Check(Librdkafka.rd_kafka_mock_broker_set_down(Cluster, ValidBroker(brokerId)), $"take broker {brokerId} down");

    /// <summary>Lets a broker taken down by <see cref="SetBrokerDown"/> accept connections again.</summary>
    public void SetBrokerUp(int brokerId) =>
        Check(Librdkafka.rd_kafka_mock_broker_set_up(Cluster, ValidBroker(brokerId)), $"bring broker {brokerId} up");

    /// <summary>
    /// Makes the next requests of type <paramref name="apiKey"/>, to whichever broker, fail with
    /// <paramref name="errors"/>, one error per request in order; requests after them are served.
    /// </summary>
    public void PushRequestErrors(KafkaApiKey apiKey, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (errors.Length == 0)
            return;
        // The array form: the variadic rd_kafka_mock_push_request_errors cannot be called reliably through P/Invoke.
        Librdkafka.rd_kafka_mock_push_request_errors_array(Cluster, (short)apiKey, (nuint)errors.Length, [.. errors.Select(e => (int)e)]);
    }

    /// <summary>Drops the errors pushed for <paramref name="apiKey"/> that no request has taken yet.</summary>
    public void ClearRequestErrors(KafkaApiKey apiKey)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        Librdkafka.rd_kafka_mock_clear_request_errors(Cluster, (short)apiKey);
    }

    /// <summary>
    /// Moves a partition's leadership to <paramref name="brokerId"/>: the former leader answers
    /// NOT_LEADER_FOR_PARTITION to its clients until their metadata names the new one.
    /// </summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        Check(Librdkafka.rd_kafka_mock_partition_set_leader(Cluster, topic, partition, ValidBroker(brokerId)),
            $"make broker {brokerId} the leader of {topic} [{partition}]");
    }

    /// <summary>Delays every answer of a broker by <paramref name="roundTripTime"/> (zero for none): a slow network or disk.</summary>
    public void SetBrokerRoundTripTime(int brokerId, TimeSpan roundTripTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(roundTripTime, TimeSpan.Zero);
        Check(Librdkafka.rd_kafka_mock_broker_set_rtt(Cluster, ValidBroker(brokerId), checked((int)roundTripTime.TotalMilliseconds)),
            $"set broker {brokerId}'s round-trip time");
    }

    private IntPtr Cluster
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            return _cluster;
        }
    }

    private int ValidBroker(int brokerId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brokerId, Brokers);
        return brokerId;
    }

    private static void Check(int error, string what)
    {
        if (error != (int)ErrorCode.NoError)
            throw new EventLogException($"The mock cluster could not {what}: {(ErrorCode)error}.");
    }
}

/// <summary>The mock cluster's fault functions, beside the faults that call them.</summary>
internal static partial class Librdkafka
{
    [DllImport(Library)]
    public static extern int rd_kafka_mock_broker_set_down(IntPtr mcluster, int brokerId);

    [DllImport(Library)]
    public static extern int rd_kafka_mock_broker_set_up(IntPtr mcluster, int brokerId);

    [DllImport(Library)]
    public static extern int rd_kafka_mock_broker_set_rtt(IntPtr mcluster, int brokerId, int rttMs);

    [DllImport(Library)]
    public static extern void rd_kafka_mock_push_request_errors_array(IntPtr mcluster, short apiKey, nuint count, int[] errors);

    [DllImport(Library)]
    public static extern void rd_kafka_mock_clear_request_errors(IntPtr mcluster, short apiKey);

    [DllImport(Library, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int rd_kafka_mock_partition_set_leader(
        IntPtr mcluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partition, int brokerId);
}
